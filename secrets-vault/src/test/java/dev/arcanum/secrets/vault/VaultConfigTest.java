package dev.arcanum.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretAccessDeniedException;
import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.LeakDetector;
import dev.arcanum.secrets.test.logging.CapturedLogEvent;
import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import dev.arcanum.secrets.test.logging.LogEventSink;
import dev.arcanum.secrets.vault.fake.VaultFake;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class VaultConfigTest {
    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create().watch("hvs.configured-t0ken", "secret-id-value-1");

    @TempDir
    Path dir;

    private static SecretProvider create(Map<String, String> settings) {
        return new VaultSecretProviderFactory().create(SecretsConfig.of(settings));
    }

    @Test
    void everyMissingSettingIsReportedAtOnce() {
        assertThatThrownBy(() -> create(Map.of()))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'vault': multiple validation failures:\n"
                        + "  - secrets.vault.address (SECRETS_VAULT_ADDRESS or VAULT_ADDR) is required: Vault's address,"
                        + " for example https://vault.example.com:8200\n"
                        + "  - secrets.vault.token (SECRETS_VAULT_TOKEN or VAULT_TOKEN) or secrets.vault.token-file"
                        + " (SECRETS_VAULT_TOKEN_FILE) is required for token auth");
    }

    @Test
    void badValuesAreNamedCredentialsAreNot() {
        Map<String, String> s = new HashMap<>();
        s.put("VAULT_ADDR", "ftp://vault");
        s.put("secrets.vault.auth-method", "approle");
        s.put("secrets.vault.approle.secret-id", "secret-id-value-1");
        s.put("secrets.vault.kv.version", "3");
        s.put("secrets.vault.max-in-flight", "0");
        assertThatThrownBy(() -> create(s))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'vault': multiple validation failures:\n"
                        + "  - secrets.vault.address (SECRETS_VAULT_ADDRESS or VAULT_ADDR) is 'ftp://vault': expected an"
                        + " http:// or https:// URL\n"
                        + "  - secrets.vault.approle.role-id (SECRETS_VAULT_APPROLE_ROLE_ID) is required for auth-method"
                        + " approle\n"
                        + "  - secrets.vault.kv.version (SECRETS_VAULT_KV_VERSION) is '3': expected a whole number from 1"
                        + " to 2\n"
                        + "  - secrets.vault.max-in-flight (SECRETS_VAULT_MAX_IN_FLIGHT) is '0': expected a whole number"
                        + " from 1 to 256");
    }

    @Test
    void hcpRequiresHttpsAndDefaultsTheNamespaceToAdmin() {
        Map<String, String> s = new HashMap<>();
        s.put("SECRETS_PROVIDER", "vault_hcp");
        s.put("VAULT_ADDR", "http://vault.example.com:8200");
        s.put("VAULT_TOKEN", "hvs.configured-t0ken");
        assertThatThrownBy(() -> create(s))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'vault_hcp': secrets.vault.address (SECRETS_VAULT_ADDRESS or VAULT_ADDR) is"
                        + " 'http://vault.example.com:8200': HCP Vault is served over https only");

        s.put("VAULT_ADDR", "https://my-cluster.vault.hashicorp.cloud:8200");
        VaultOptions o = VaultOptions.from("vault_hcp", SecretsConfig.of(s));
        assertThat(o.namespace).isEqualTo("admin");
        assertThat(o.httpVersion).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(o.toString()).doesNotContain("hvs.configured-t0ken");
    }

    @Test
    void devDefaultsToTheLocalDevServer() {
        VaultOptions o =
                VaultOptions.from("vault_dev", SecretsConfig.of(Map.of("VAULT_TOKEN", "hvs.configured-t0ken")));

        assertThat(o.address).hasToString("http://127.0.0.1:8200");
        assertThat(o.authMethod).isEqualTo(VaultOptions.AuthMethod.TOKEN);
        assertThat(o.kvMount).isEqualTo("secret");
        assertThat(o.kvVersion).isEqualTo(2);
    }

    @Test
    void devWarnsOnceWhenPointedAwayFromLoopback() {
        List<CapturedLogEvent> events = new CopyOnWriteArrayList<>();
        LogEventSink sink = events::add;
        CapturingSlf4jServiceProvider.register(sink);
        try {
            VaultOptions.from(
                    "vault_dev",
                    SecretsConfig.of(Map.of(
                            "VAULT_ADDR", "http://vault.example.com:8200", "VAULT_TOKEN", "hvs.configured-t0ken")));
            VaultOptions.from(
                    "vault_dev",
                    SecretsConfig.of(
                            Map.of("VAULT_ADDR", "http://localhost:8200", "VAULT_TOKEN", "hvs.configured-t0ken")));
            VaultOptions.from(
                    "vault_dev",
                    SecretsConfig.of(Map.of("VAULT_ADDR", "http://[::1]:8200", "VAULT_TOKEN", "hvs.configured-t0ken")));
        } finally {
            CapturingSlf4jServiceProvider.unregister(sink);
        }

        assertThat(events)
                .filteredOn(e -> e.level().equals("WARN"))
                .extracting(CapturedLogEvent::formattedMessage)
                .containsExactly(
                        "Provider 'vault_dev' is pointed at vault.example.com, which is not a loopback address;"
                                + " use 'vault' for a shared Vault");
    }

    @Test
    void aCaBundleThatIsNotPemIsAConfigurationError() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
        Map<String, String> s = Map.of(
                "VAULT_ADDR",
                "https://vault.example.com",
                "VAULT_TOKEN",
                "hvs.configured-t0ken",
                "VAULT_CACERT",
                notPem.toString());

        assertThatThrownBy(() -> create(s))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'vault': secrets.vault.ca-cert (SECRETS_VAULT_CA_CERT or VAULT_CACERT): " + notPem
                        + " is not a PEM certificate file");
    }

    @Test
    void aClientCertificateNeedsItsKey() {
        Map<String, String> s = Map.of(
                "VAULT_ADDR",
                "https://vault.example.com",
                "VAULT_TOKEN",
                "hvs.configured-t0ken",
                "VAULT_CLIENT_CERT",
                "/c.pem");

        assertThatThrownBy(() -> create(s))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage(
                        "Provider 'vault': secrets.vault.client-cert (SECRETS_VAULT_CLIENT_CERT or VAULT_CLIENT_CERT)"
                                + " and secrets.vault.client-key (SECRETS_VAULT_CLIENT_KEY or VAULT_CLIENT_KEY) must be set"
                                + " together");
    }

    @Test
    void theFactoryIsDiscoveredUnderItsNameAndAliases() {
        assertThat(SecretProviders.available()).contains("vault");
        assertThat(SecretProviders.factory("vault")).isInstanceOf(VaultSecretProviderFactory.class);
        assertThat(SecretProviders.factory("vault_hcp")).isInstanceOf(VaultSecretProviderFactory.class);
        assertThat(SecretProviders.factory("vault_dev")).isInstanceOf(VaultSecretProviderFactory.class);
        assertThat(new VaultSecretProviderFactory().settings()).contains(VaultSettings.ADDRESS, VaultSettings.TOKEN);
    }

    /** The command-line demo, {@code SECRETS_PROVIDER=vault VAULT_ADDR=… VAULT_TOKEN=… secrets get app/db#password}. */
    @Test
    void selectedFromTheEnvironmentSpellingItReadsAFieldFromTheFake() {
        try (VaultFake fake = VaultFake.start(VaultFake.Options.defaults())) {
            fake.putKv2("secret", "app/db", Map.of("username", "app", "password", "pw-from-fake-1"));
            leaks.watch(fake.rootToken(), "pw-from-fake-1");
            Map<String, String> env = Map.of(
                    "SECRETS_PROVIDER",
                    "vault",
                    "SECRETS_CACHE_TTL",
                    "0",
                    "VAULT_ADDR",
                    fake.baseUrl(),
                    "VAULT_TOKEN",
                    fake.rootToken());

            try (SecretProvider p =
                    SecretProviders.builder().config(SecretsConfig.of(env)).build()) {
                assertThat(p.get("app/db#password").value()).isEqualTo("pw-from-fake-1");
                assertThat(p.toString()).doesNotContain(fake.rootToken());
            }
        }
    }

    @Test
    void hcpNamespacesAreSentAsAHeaderAndMissingOnesAreDenied() {
        try (VaultFake fake = VaultFake.start(VaultFake.Options.defaults().namespace("admin"))) {
            fake.putKv2("secret", "app/db", Map.of("password", "pw-from-fake-1"));
            leaks.watch(fake.rootToken(), "pw-from-fake-1");

            VaultSecretProvider without = new VaultTestSupport(fake).provider();
            assertThatThrownBy(() -> without.get("app/db"))
                    .isInstanceOf(SecretAccessDeniedException.class)
                    .hasMessage("Vault denied GET secret/data/app/db (HTTP 403: permission denied); check the token's"
                            + " policies");
            without.close();

            VaultSecretProvider with =
                    new VaultTestSupport(fake).with("VAULT_NAMESPACE", "admin").provider();
            assertThat(with.get("app/db").value()).isEqualTo("pw-from-fake-1");
            assertThat(fake.requests()).last().satisfies(r -> assertThat(r.namespace())
                    .isEqualTo("admin/"));
            with.close();
        }
    }
}
