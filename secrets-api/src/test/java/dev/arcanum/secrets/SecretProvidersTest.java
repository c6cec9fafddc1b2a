package dev.arcanum.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecretProvidersTest {

    private static SecretsConfig env(Map<String, String> env) {
        return dev.arcanum.secrets.internal.LayeredSecretsConfig.builder()
                .systemProperties(new Properties())
                .environment(env)
                .build();
    }

    @Test
    void availableListsDiscoveredNamesAndSkipsTheBrokenJar() {
        assertThat(SecretProviders.available()).containsExactly("alpha", "beta");
    }

    @Test
    void unknownNameListsWhatIsAvailable() {
        assertThatThrownBy(() -> SecretProviders.builder()
                        .config(env(Map.of("SECRETS_PROVIDER", "nope")))
                        .build())
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("SECRETS_PROVIDER=nope: no provider is named 'nope'. Available: alpha,"
                        + " alpha_dev, beta. Providers that failed to load: ")
                .hasMessageContaining("dev.arcanum.secrets.MissingProviderFactory")
                .hasMessageContaining("com/example/MissingDependency");
    }

    @Test
    void aMalformedCredentialIsNamedButNeverPrinted() {
        assertThatThrownBy(() -> SecretProviders.builder()
                        .provider("alpha")
                        .setting("secrets.alpha.url", "http://127.0.0.1:1")
                        .setting("secrets.alpha.token", "tok-1")
                        .setting("secrets.alpha.pin", "pin-SHOULD-NOT-APPEAR")
                        .build())
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'alpha': secrets.alpha.pin (SECRETS_ALPHA_PIN) is malformed: expected a whole"
                        + " number from 0 to 9999")
                .message()
                .doesNotContain("pin-SHOULD-NOT-APPEAR");
    }

    @Test
    void knownNameNotOnTheClassPathNamesTheArtifact() {
        assertThatThrownBy(() -> SecretProviders.builder().provider("vault").build())
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("SECRETS_PROVIDER=vault: the provider 'vault' is not on the class path; add"
                        + " the dependency dev.arcanum:secrets-vault. Available: alpha, alpha_dev, beta");
    }

    @Test
    void missingSettingsAreAllNamedAtOnceAndCredentialsAreNotPrinted() {
        assertThatThrownBy(() -> SecretProviders.builder()
                        .provider("alpha")
                        .setting("secrets.alpha.timeout", "soon")
                        .build())
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'alpha': multiple validation failures:\n"
                        + "  - secrets.alpha.url (SECRETS_ALPHA_URL or ALPHA_ADDR) is required: where alpha lives\n"
                        + "  - secrets.alpha.token (SECRETS_ALPHA_TOKEN) is required: alpha's token\n"
                        + "  - secrets.alpha.timeout (SECRETS_ALPHA_TIMEOUT) is 'soon': expected a duration such as"
                        + " 500ms, 30s, 5m, 1h or PT5M");
    }

    @Test
    void onlyTheSelectedFactoryCreatesAnything() {
        int betaBefore = TestFactories.Beta.CREATED.get();
        try (SecretProvider p = SecretProviders.builder()
                .config(env(Map.of("SECRETS_PROVIDER", "alpha_dev", "ALPHA_ADDR", "http://127.0.0.1:1")))
                .setting("secrets.alpha.token", "t-123")
                .build()) {
            assertThat(p.get("meta/url").value()).isEqualTo("http://127.0.0.1:1");
            assertThat(p.get("meta/selected-as").value()).isEqualTo("alpha_dev");
        }
        assertThat(TestFactories.Beta.CREATED.get()).isEqualTo(betaBefore);
    }

    @Test
    void precedenceIsCodeThenSystemPropertiesThenEnvironmentThenConventionalThenDefault() {
        Properties sys = new Properties();
        sys.setProperty("secrets.alpha.url", "http://sys:1");
        SecretsConfig layered = dev.arcanum.secrets.internal.LayeredSecretsConfig.builder()
                .code(Map.of("secrets.alpha.timeout", "3s"))
                .systemProperties(sys)
                .environment(Map.of(
                        "SECRETS_ALPHA_URL", "http://env:1",
                        "SECRETS_ALPHA_TIMEOUT", "9s",
                        "ALPHA_ADDR", "http://conventional:1"))
                .build();
        assertThat(TestFactories.Alpha.URL.rawValue(layered)).isEqualTo("http://sys:1");
        assertThat(TestFactories.Alpha.TIMEOUT.rawValue(layered)).isEqualTo("3s");

        SecretsConfig envOnly = env(Map.of("SECRETS_ALPHA_URL", "http://env:1", "ALPHA_ADDR", "http://c:1"));
        assertThat(TestFactories.Alpha.URL.rawValue(envOnly)).isEqualTo("http://env:1");
        assertThat(TestFactories.Alpha.URL.rawValue(env(Map.of("ALPHA_ADDR", "http://c:1"))))
                .isEqualTo("http://c:1");
        assertThat(TestFactories.Alpha.TIMEOUT.rawValue(env(Map.of()))).isEqualTo("10s");
    }

    @Test
    void bothSpellingsAreOneKey() {
        SecretsConfig code = SecretsConfig.of(Map.of("SECRETS_ALPHA_URL", "http://a:1"));
        assertThat(code.get("secrets.alpha.url")).isEqualTo("http://a:1");
        SecretsConfig prop = SecretsConfig.of(Map.of("secrets.local.key-file", "/k"));
        assertThat(prop.get("SECRETS_LOCAL_KEY_FILE")).isEqualTo("/k");
        assertThat(SecretsConfig.environmentName("secrets.local.key-file")).isEqualTo("SECRETS_LOCAL_KEY_FILE");
    }

    @Test
    void anInstanceIsWrappedAndClosedByTheResult() {
        boolean[] closed = {false};
        MapSecretStore store = new MapSecretStore() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        SecretProvider p = SecretProviders.builder().provider(store).build();
        p.close();
        assertThat(closed[0]).isTrue();
    }
}
