package dev.arcanum.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arcanum.secrets.SecretConfigurationException;
import dev.arcanum.secrets.SecretProviders;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.test.logging.CapturedLogEvent;
import dev.arcanum.secrets.test.logging.CapturingSlf4jServiceProvider;
import dev.arcanum.secrets.test.logging.LogEventSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureKeyVaultProviderFactoryTest {
    private final AzureKeyVaultProviderFactory factory = new AzureKeyVaultProviderFactory();

    @Test
    void isDiscoveredByNameAndAlias() {
        assertThat(SecretProviders.available()).contains("azure");
        assertThat(factory.aliases()).containsExactly("azure_kv");
        assertThat(factory.settings()).contains(AzureKeyVaultSettings.VAULT_URL, AzureKeyVaultSettings.CA_BUNDLE);
    }

    @Test
    void reportsEveryMissingSettingAtOnce() {
        assertThatThrownBy(() -> factory.create(SecretsConfig.of(Map.of())))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'azure': multiple validation failures:\n"
                        + "  - secrets.azure.vault-url (SECRETS_AZURE_VAULT_URL or AZURE_KEYVAULT_URL) is required:"
                        + " Key Vault URL, for example https://myvault.vault.azure.net\n"
                        + "  - secrets.azure.credential (SECRETS_AZURE_CREDENTIAL) found no credential: set"
                        + " secrets.azure.identity-endpoint (SECRETS_AZURE_IDENTITY_ENDPOINT or AZURE_IDENTITY_ENDPOINT"
                        + " or IDENTITY_ENDPOINT) and secrets.azure.identity-header (SECRETS_AZURE_IDENTITY_HEADER or"
                        + " AZURE_IDENTITY_HEADER or IDENTITY_HEADER) (managed identity), or secrets.azure.client-id"
                        + " (SECRETS_AZURE_CLIENT_ID or AZURE_CLIENT_ID), secrets.azure.client-secret"
                        + " (SECRETS_AZURE_CLIENT_SECRET or AZURE_CLIENT_SECRET) and secrets.azure.tenant-id"
                        + " (SECRETS_AZURE_TENANT_ID or AZURE_TENANT_ID) (client secret), or"
                        + " secrets.azure.credential=default with com.azure:azure-identity on the class path");
    }

    @Test
    void rejectsPlainHttpAndHalfAClientSecret() {
        String secret = "client-secret-value-42";
        assertThatThrownBy(() -> factory.create(SecretsConfig.of(
                        Map.of("AZURE_KEYVAULT_URL", "http://localhost:8080", "AZURE_CLIENT_SECRET", secret))))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'azure': multiple validation failures:\n"
                        + "  - secrets.azure.vault-url (SECRETS_AZURE_VAULT_URL or AZURE_KEYVAULT_URL) must be an"
                        + " https:// URL (Key Vault and the SDK accept HTTPS only; for a local emulator use its HTTPS"
                        + " port and secrets.azure.ca-bundle)\n"
                        + "  - secrets.azure.client-id (SECRETS_AZURE_CLIENT_ID or AZURE_CLIENT_ID) is required for"
                        + " the client-secret credential\n"
                        + "  - secrets.azure.tenant-id (SECRETS_AZURE_TENANT_ID or AZURE_TENANT_ID) is required for"
                        + " the client-secret credential")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
    }

    @Test
    void defaultCredentialNeedsAzureIdentity() {
        assertThatThrownBy(() -> factory.create(SecretsConfig.of(Map.of(
                        "AZURE_KEYVAULT_URL", "https://myvault.vault.azure.net",
                        "secrets.azure.credential", "default"))))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessage("Provider 'azure': secrets.azure.credential (SECRETS_AZURE_CREDENTIAL) is 'default' but"
                        + " com.azure:azure-identity is not on the class path: add it, or use managed-identity or"
                        + " client-secret");
    }

    @Test
    void unreadableCaBundleIsNamed(@TempDir Path dir) throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> factory.create(SecretsConfig.of(Map.of(
                        "AZURE_KEYVAULT_URL", "https://myvault.vault.azure.net",
                        "AZURE_IDENTITY_ENDPOINT", "http://localhost:1/msi/token",
                        "AZURE_IDENTITY_HEADER", "h",
                        "secrets.azure.ca-bundle", notPem.toString()))))
                .isInstanceOf(SecretConfigurationException.class)
                .hasMessageStartingWith("Provider 'azure': secrets.azure.ca-bundle (SECRETS_AZURE_CA_BUNDLE) is"
                        + " unusable: The CA bundle " + notPem);
    }

    @Test
    void warnsWhenChallengeResourceVerificationIsOff() {
        List<CapturedLogEvent> events = new CopyOnWriteArrayList<>();
        LogEventSink sink = events::add;
        CapturingSlf4jServiceProvider.register(sink);
        try {
            factory.create(SecretsConfig.of(Map.of(
                            "AZURE_KEYVAULT_URL", "https://localhost:8443",
                            "AZURE_IDENTITY_ENDPOINT", "http://localhost:8080/metadata/identity/oauth2/token",
                            "AZURE_IDENTITY_HEADER", "header-value-not-logged",
                            "secrets.azure.disable-challenge-resource-verification", "true")))
                    .close();
        } finally {
            CapturingSlf4jServiceProvider.unregister(sink);
        }
        assertThat(events)
                .filteredOn(e -> e.loggerName().equals(AzureKeyVaultProviderFactory.class.getName()))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.level()).isEqualTo("WARN");
                    assertThat(e.formattedMessage())
                            .startsWith("Azure Key Vault provider: challenge-resource verification is OFF")
                            .contains("TLS verification stays on")
                            .doesNotContain("header-value-not-logged");
                });
    }
}
