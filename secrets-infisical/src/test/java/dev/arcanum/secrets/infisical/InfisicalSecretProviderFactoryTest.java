package dev.arcanum.secrets.infisical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.infisical.fake.InfisicalFake;
import dev.arcanum.secrets.spi.Setting;
import dev.arcanum.secrets.test.LeakDetector;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfisicalSecretProviderFactoryTest {
    private static final String SITE = "secrets.infisical.site-url (SECRETS_INFISICAL_SITE_URL or INFISICAL_API_URL)";
    private static final String CLIENT_ID =
            "secrets.infisical.client-id (SECRETS_INFISICAL_CLIENT_ID or INFISICAL_UNIVERSAL_AUTH_CLIENT_ID)";
    private static final String CLIENT_SECRET = "secrets.infisical.client-secret (SECRETS_INFISICAL_CLIENT_SECRET or"
            + " INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET)";
    private static final String TOKEN = "secrets.infisical.token (SECRETS_INFISICAL_TOKEN or INFISICAL_TOKEN)";

    @RegisterExtension
    final LeakDetector leaks = LeakDetector.create();

    private static Map<String, String> valid(String provider) {
        Map<String, String> m = new HashMap<>();
        m.put("SECRETS_PROVIDER", provider);
        m.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", "3c90c3cc-0d44-4b50-8888-8dd25736052a");
        m.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", "client-secret-never-printed");
        m.put("INFISICAL_PROJECT_ID", "6f1c0000-aaaa-bbbb-cccc-000000000001");
        return m;
    }

    private static InfisicalConfig config(Map<String, String> m) {
        return InfisicalConfig.from(SecretsConfig.of(m));
    }

    @Test
    void isDiscoveredUnderItsNameAndAliases() {
        assertThat(SecretProviders.available()).contains("infisical");
        assertThat(SecretProviders.factory("infisical_cloud")).isInstanceOf(InfisicalSecretProviderFactory.class);
        assertThat(SecretProviders.factory("infisical_self_host")).isInstanceOf(InfisicalSecretProviderFactory.class);
        assertThat(new InfisicalSecretProviderFactory().settings())
                .extracting(Setting::property)
                .contains(
                        "secrets.infisical.site-url", "secrets.infisical.project-id", "secrets.infisical.api-version");
        assertThat(InfisicalSettings.CLIENT_SECRET.credential()).isTrue();
        assertThat(InfisicalSettings.TOKEN.credential()).isTrue();
    }

    @Test
    void cloudIsTheDefaultSiteAndEuIsSelectable() {
        assertThat(config(valid("infisical")).site).hasToString("https://app.infisical.com");
        assertThat(config(valid("infisical_cloud")).site).hasToString("https://app.infisical.com");
        Map<String, String> eu = valid("infisical_cloud");
        eu.put("secrets.infisical.region", "EU");
        assertThat(config(eu).site).hasToString("https://eu.infisical.com");
        InfisicalConfig c = config(valid("infisical"));
        assertThat(c.environment).isEqualTo("dev");
        assertThat(c.basePath).isEqualTo("/");
        assertThat(c.apiVersion).isEqualTo(InfisicalConfig.ApiVersion.V4);
        assertThat(c.includeImports).isFalse();
        assertThat(c.expandReferences).isFalse();
    }

    @Test
    void theSiteIsAcceptedWithOrWithoutItsApiSuffix() {
        Map<String, String> m = valid("infisical_self_host");
        m.put("INFISICAL_API_URL", "https://infisical.example.com/api/");
        assertThat(config(m).site).hasToString("https://infisical.example.com");
        m.put("INFISICAL_API_URL", "https://infisical.example.com");
        assertThat(config(m).site).hasToString("https://infisical.example.com");
    }

    @Test
    void selfHostRequiresTheSiteUrl() {
        assertThatThrownBy(() -> config(valid("infisical_self_host")))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'infisical_self_host': " + SITE + " is required for infisical_self_host: the URL"
                        + " of your Infisical server, for example https://infisical.example.com");
    }

    @Test
    void plainHttpIsAcceptedForLoopbackOnly() {
        Map<String, String> m = valid("infisical");
        m.put("INFISICAL_API_URL", "http://infisical.example.com");
        assertThatThrownBy(() -> config(m))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'infisical': " + SITE + " is 'http://infisical.example.com': use https; plain"
                        + " http is accepted for a loopback address only (localhost, 127.0.0.1, ::1)");
        m.put("INFISICAL_API_URL", "http://127.0.0.1:8080/api");
        assertThat(config(m).site).hasToString("http://127.0.0.1:8080");
        m.put("INFISICAL_API_URL", "http://localhost:8080");
        assertThat(config(m).site).hasToString("http://localhost:8080");
    }

    @Test
    void everyMissingSettingIsReportedAtOnceAndNoCredentialIsPrinted() {
        Map<String, String> m = new HashMap<>();
        m.put("SECRETS_PROVIDER", "infisical");
        assertThatThrownBy(() -> config(m))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'infisical': multiple validation failures:\n"
                        + "  - " + CLIENT_ID + " is required (with " + CLIENT_SECRET + ") unless " + TOKEN
                        + " is set: the machine identity's universal-auth client id\n"
                        + "  - " + CLIENT_SECRET + " is required (with " + CLIENT_ID + ") unless " + TOKEN
                        + " is set: the machine identity's universal-auth client secret\n"
                        + "  - secrets.infisical.project-id (SECRETS_INFISICAL_PROJECT_ID or INFISICAL_PROJECT_ID)"
                        + " is required: id of the Infisical project that holds the secrets");
    }

    @Test
    void aTokenAndAClientPairTogetherAreRefused() {
        leaks.watch("client-secret-never-printed", "ready-token-never-printed");
        Map<String, String> m = valid("infisical");
        m.put("INFISICAL_TOKEN", "ready-token-never-printed");
        assertThatThrownBy(() -> config(m))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'infisical': Set either " + TOKEN + " or the universal-auth pair " + CLIENT_ID
                        + " and " + CLIENT_SECRET + ", not both");
    }

    @Test
    void malformedSettingsAreNamed() {
        Map<String, String> m = valid("infisical");
        m.put("secrets.infisical.api-version", "v2");
        m.put("secrets.infisical.region", "ap");
        m.put("INFISICAL_SECRET_PATH", "/apps/my.app");
        m.put("secrets.infisical.max-retries", "11");
        assertThatThrownBy(() -> config(m))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'infisical': multiple validation failures:\n"
                        + "  - secrets.infisical.region (SECRETS_INFISICAL_REGION) is 'ap': expected us or eu\n"
                        + "  - secrets.infisical.api-version (SECRETS_INFISICAL_API_VERSION) is 'v2': expected v4 or v3\n"
                        + "  - secrets.infisical.secret-path (SECRETS_INFISICAL_SECRET_PATH or INFISICAL_SECRET_PATH) is"
                        + " '/apps/my.app': Infisical folder names allow only letters, digits, '-' and '_'\n"
                        + "  - secrets.infisical.max-retries (SECRETS_INFISICAL_MAX_RETRIES) is '11': expected a whole"
                        + " number from 0 to 10");
    }

    @Test
    void theCaBundleMustBeAReadablePemFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Map<String, String> m = valid("infisical");
        m.put("secrets.infisical.ca-bundle", dir.resolve("missing.pem").toString());
        assertThatThrownBy(() -> config(m))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'infisical': secrets.infisical.ca-bundle (SECRETS_INFISICAL_CA_BUNDLE) is '"
                        + dir.resolve("missing.pem") + "': the file does not exist or cannot be read");
        java.nio.file.Path notPem = java.nio.file.Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        m.put("secrets.infisical.ca-bundle", notPem.toString());
        assertThatThrownBy(() -> new InfisicalSecretProviderFactory().create(SecretsConfig.of(m)))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage(
                        "Provider 'infisical': secrets.infisical.ca-bundle (SECRETS_INFISICAL_CA_BUNDLE) is unusable:"
                                + " The CA bundle " + notPem + " is not a PEM file of X.509 certificates");
    }

    @Test
    void theProviderToStringNamesNoCredential() {
        leaks.watch("client-secret-never-printed");
        SecretProvider p = new InfisicalSecretProviderFactory().create(SecretsConfig.of(valid("infisical")));
        assertThat(p.name()).isEqualTo("infisical");
        assertThat(p.toString()).contains("3c90c3cc-0d44-4b50-8888-8dd25736052a");
        leaks.assertNoLeak(p.toString());
    }

    /** The command-line path: settings as environment variables, selected through SECRETS_PROVIDER. */
    @Test
    void secretsGetFromEnvironmentStyleSettingsWorksAgainstTheFake() {
        try (InfisicalFake fake = InfisicalFake.start()) {
            leaks.watch(fake.clientSecret());
            fake.onTokenIssued(leaks::watch);
            fake.seed("dev", "/app", "DB_PASSWORD", "s3cr3t-from-the-fake");
            leaks.watch("s3cr3t-from-the-fake");
            Map<String, String> env = new HashMap<>();
            env.put("SECRETS_PROVIDER", "infisical");
            env.put("SECRETS_CACHE_TTL", "0");
            env.put("INFISICAL_API_URL", fake.siteUrl());
            env.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_ID", fake.clientId());
            env.put("INFISICAL_UNIVERSAL_AUTH_CLIENT_SECRET", fake.clientSecret());
            env.put("INFISICAL_PROJECT_ID", fake.projectId());
            try (SecretProvider p =
                    SecretProviders.builder().config(SecretsConfig.of(env)).build()) {
                assertThat(p.get("app/DB_PASSWORD").value()).isEqualTo("s3cr3t-from-the-fake");
            }
        }
    }
}
