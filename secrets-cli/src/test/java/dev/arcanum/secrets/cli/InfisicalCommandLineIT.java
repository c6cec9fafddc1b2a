package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.infisical.fake.InfisicalFake;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, "must show": the shaded jar reads a secret from {@link InfisicalFake} with universal
 * auth, configured by Infisical's own variables only:
 *
 * <pre>
 * SECRETS_PROVIDER=infisical INFISICAL_API_URL=http://127.0.0.1:… INFISICAL_UNIVERSAL_AUTH_CLIENT_ID=…
 * INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET=… INFISICAL_PROJECT_ID=… secrets get app/DB_PASSWORD
 * </pre>
 *
 * The environment defaults to {@code dev}; {@code app/DB_PASSWORD} is the secret {@code DB_PASSWORD}
 * in the folder {@code /app}.
 */
class InfisicalCommandLineIT {
    private static final String PASSWORD = "infisical-cli-db-password-93ab";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path home;

    private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    private InfisicalFake fake;
    private ShadedJar jar;

    @BeforeEach
    void start() {
        fake = InfisicalFake.start();
        fake.onTokenIssued(issuedTokens::add);
        fake.seed("dev", "/app", "DB_PASSWORD", PASSWORD);
        jar = new ShadedJar(home);
        leaks.watch(fake.clientSecret());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Map<String, String> env(String clientSecret) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRETS_PROVIDER", "infisical");
        env.put("INFISICAL_API_URL", fake.siteUrl());
        env.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", fake.clientId());
        env.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", clientSecret);
        env.put("INFISICAL_PROJECT_ID", fake.projectId());
        return env;
    }

    private void assertNothingSecretIn(String text) {
        leaks.watch(issuedTokens);
        leaks.assertNoLeak(text);
    }

    @Test
    void getPrintsTheValueAndNothingElse() throws Exception {
        Cli.Result r = jar.run(env(fake.clientSecret()), "get", "app/DB_PASSWORD");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(PASSWORD + "\n");
        assertThat(r.err()).isEmpty();
        assertThat(issuedTokens).hasSize(1);
        assertThat(fake.count("POST", "/api/v1/auth/universal-auth/login")).isEqualTo(1);
        assertThat(fake.requests()).anySatisfy(req -> assertThat(req.path()).isEqualTo("/api/v4/secrets/DB_PASSWORD"));
    }

    @Test
    void aMissingKeyExitsOneNamingTheKey() throws Exception {
        Cli.Result r = jar.run(env(fake.clientSecret()), "get", "app/NOT_THERE");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("secrets: Secret 'app/NOT_THERE' not found in Infisical project " + fake.projectId()
                        + ", environment dev, folder /app, scope default (404 NotFound: Secret with name"
                        + " 'NOT_THERE' not found (reqId req-1))\n");
        assertNothingSecretIn(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongClientSecretExitsFourNamingTheIdentityButNotTheSecret() throws Exception {
        String wrong = "wrong-client-secret-0f3e";
        leaks.watch(wrong);

        Cli.Result r = jar.run(env(wrong), "get", "app/DB_PASSWORD");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("secrets: Infisical universal-auth login at " + fake.siteUrl()
                        + " failed for the machine identity with client id '" + fake.clientId()
                        + "': 401 UnauthorizedError: Invalid credentials (reqId req-1). Check"
                        + " secrets.infisical.client-id (SECRETS_INFISICAL_CLIENT_ID or"
                        + " INFISICAL_UNIVERSAL_AUTH_CLIENT_ID) and secrets.infisical.client-secret"
                        + " (SECRETS_INFISICAL_CLIENT_SECRET or INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET), and that"
                        + " universal auth is attached to the identity\n");
        assertNothingSecretIn(r.err());
        assertThat(issuedTokens).isEmpty();
    }
}
