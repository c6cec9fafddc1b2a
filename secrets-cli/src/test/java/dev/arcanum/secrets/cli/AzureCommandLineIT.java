package dev.arcanum.secrets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import dev.arcanum.secrets.test.LeakDetector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, "must show": the shaded jar reads a secret from {@link KeyVaultFake} (HTTPS with a
 * self-signed certificate, plus its managed-identity endpoint) with TLS verification on, trusting the
 * fake's certificate through the CA bundle setting only:
 *
 * <pre>
 * SECRETS_PROVIDER=azure AZURE_KEYVAULT_URL=https://localhost:… AZURE_IDENTITY_ENDPOINT=…
 * AZURE_IDENTITY_HEADER=… SECRETS_AZURE_CA_BUNDLE=ca.pem
 * SECRETS_AZURE_DISABLE_CHALLENGE_RESOURCE_VERIFICATION=true secrets get prod/db#password
 * </pre>
 *
 * The challenge switch is the documented emulator-only one: the fake's challenge names {@code
 * https://vault.azure.net}, which is not a parent domain of {@code localhost}; it does not touch
 * certificate checks.
 */
class AzureCommandLineIT {
    private static final String PASSWORD = "azure-cli-db-password-7d2f";
    /** The provider's start-up warning while the emulator-only switch is on (issue 6: "warned at start"). */
    private static final String CHALLENGE_WARNING = "[WARN] AzureKeyVaultProviderFactory - Azure Key Vault provider:"
            + " challenge-resource verification is OFF (secrets.azure.disable-challenge-resource-verification"
            + " (SECRETS_AZURE_DISABLE_CHALLENGE_RESOURCE_VERIFICATION)). Use this only for a local emulator such as"
            + " Lowkey Vault; a real vault never needs it. TLS verification stays on.\n";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    @TempDir
    Path home;

    private KeyVaultFake fake;
    private ShadedJar jar;

    @BeforeEach
    void start() {
        fake = KeyVaultFake.start();
        jar = new ShadedJar(home);
        // prod/db is stored under its mapped vault name (docs/providers/azure.md, "Keys and vault names").
        fake.seed("prod-2f-db", "{\"user\":\"app\",\"password\":\"" + PASSWORD + "\"}", "application/json", Map.of());
        leaks.watch(fake.identityHeader(), fake.clientSecret());
        // Issued and upcoming tokens: the child process gets its token from this fake.
        leaks.watch(fake.knownTokens());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Map<String, String> env(String identityHeader) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SECRETS_PROVIDER", "azure");
        env.put("AZURE_KEYVAULT_URL", fake.vaultUrl());
        env.put("AZURE_IDENTITY_ENDPOINT", fake.identityEndpoint());
        env.put("AZURE_IDENTITY_HEADER", identityHeader);
        env.put("SECRETS_AZURE_CA_BUNDLE", fake.caBundleFile().toString());
        env.put("SECRETS_AZURE_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true");
        return env;
    }

    private void assertNothingSecretIn(String text) {
        leaks.watch(fake.issuedTokens());
        leaks.assertNoLeak(text);
    }

    @Test
    void getPrintsTheFieldOfTheSecretAndNothingElse() throws Exception {
        Cli.Result r = jar.run(env(fake.identityHeader()), "get", "prod/db#password");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(PASSWORD + "\n");
        assertThat(r.err()).isEqualTo(CHALLENGE_WARNING);
        assertNothingSecretIn(r.err());
        assertThat(fake.tokenRequests()).isEqualTo(1);
        assertThat(fake.requests()).anySatisfy(req -> assertThat(req.path()).startsWith("/secrets/prod-2f-db"));
    }

    @Test
    void aMissingKeyExitsOneNamingTheKey() throws Exception {
        Cli.Result r = jar.run(env(fake.identityHeader()), "get", "prod/missing");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(CHALLENGE_WARNING
                        + "secrets: Key Vault get of 'prod/missing' (vault name 'prod-2f-missing') on "
                        + fake.vaultUrl() + " failed: not found (SecretNotFound)\n");
        assertNothingSecretIn(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongIdentityHeaderExitsFourNamingTheEndpointButNotTheHeader() throws Exception {
        String wrong = "wrong-identity-header-51c9";
        leaks.watch(wrong);

        Cli.Result r = jar.run(env(wrong), "get", "prod/db#password");

        assertThat(r.code()).as(r.toString()).isEqualTo(4);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo(CHALLENGE_WARNING + "secrets: The managed identity token endpoint " + fake.identityEndpoint()
                        + " refused the token request: HTTP 401 (unauthorized)\n");
        assertNothingSecretIn(r.err());
        assertThat(r.err()).doesNotContain(PASSWORD);
        assertThat(fake.issuedTokens()).isEmpty();
    }
}
