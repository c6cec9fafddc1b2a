package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, "must show": the shaded jar reads a field of a KV v2 secret from {@link VaultFake} with
 * token auth, configured by Vault's own variables only:
 *
 * <pre>
 * SECRETS_PROVIDER=vault VAULT_ADDR=http://127.0.0.1:… VAULT_TOKEN=… secrets get app/db#password
 * </pre>
 *
 * {@code app/db} is the path under the default KV v2 mount {@code secret}.
 */
class VaultCommandLineIT {
    private static final String PASSWORD = "vault-cli-db-password-4e1a";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path home;

    private VaultFake fake;
    private ShadedJar jar;

    @BeforeEach
    void start() {
        fake = VaultFake.start(VaultFake.Options.defaults());
        fake.putKv2("secret", "app/db", Map.of("user", "app", "password", PASSWORD));
        jar = new ShadedJar(home);
        leaks.watch(fake.issuedTokens());
        leaks.watch(fake.rootToken());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Map<String, String> env(String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRETS_PROVIDER", "vault");
        env.put("VAULT_ADDR", fake.baseUrl());
        env.put("VAULT_TOKEN", token);
        return env;
    }

    @Test
    void getPrintsTheFieldAndNothingElse() throws Exception {
        Cli.Result r = jar.run(env(fake.rootToken()), "get", "app/db#password");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(PASSWORD + "\n");
        assertThat(r.err()).isEmpty();
        assertThat(fake.count("GET", "/v1/secret/data/app/db")).isEqualTo(1);
    }

    @Test
    void aMissingKeyExitsOneNamingTheKey() throws Exception {
        Cli.Result r = jar.run(env(fake.rootToken()), "get", "app/missing#password");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(
                        "secrets: Secret 'app/missing' not found in scope 'default' (Vault secret, path app/missing)\n");
        leaks.assertNoLeak(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aMissingFieldExitsOneNamingTheFieldsButNoValue() throws Exception {
        Cli.Result r = jar.run(env(fake.rootToken()), "get", "app/db#pasword");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("secrets: Secret 'app/db' has no field 'pasword'; its fields are [password, user]\n");
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongTokenExitsFourNamingThePathButNotTheToken() throws Exception {
        String wrong = "hvs.wrong-token-8c2d";
        leaks.watch(wrong);

        Cli.Result r = jar.run(env(wrong), "get", "app/db#password");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(
                        "secrets: Vault denied GET secret/data/app/db (HTTP 403: permission denied); check the token's"
                                + " policies\n");
        leaks.assertNoLeak(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD);
    }
}
