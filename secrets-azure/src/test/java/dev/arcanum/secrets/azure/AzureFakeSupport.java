package dev.arcanum.secrets.azure;

import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.azure.fake.KeyVaultFake;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Builds providers against a {@link KeyVaultFake}: managed identity, the fake's CA bundle, fast retries. */
final class AzureFakeSupport {
    private AzureFakeSupport() {}

    static Map<String, String> settings(KeyVaultFake fake) {
        Map<String, String> m = new HashMap<>();
        m.put("AZURE_KEYVAULT_URL", fake.vaultUrl());
        m.put("AZURE_IDENTITY_ENDPOINT", fake.identityEndpoint());
        m.put("AZURE_IDENTITY_HEADER", fake.identityHeader());
        m.put("secrets.azure.ca-bundle", fake.caBundleFile().toString());
        m.put("secrets.azure.disable-challenge-resource-verification", "true");
        m.put("secrets.azure.max-retries", "2");
        m.put("secrets.azure.retry-base-delay", "10ms");
        m.put("secrets.azure.retry-max-delay", "50ms");
        m.put("secrets.azure.timeout", "5s");
        return m;
    }

    static AzureKeyVaultSecretProvider provider(KeyVaultFake fake) {
        return provider(settings(fake), Clock.systemUTC());
    }

    static AzureKeyVaultSecretProvider provider(Map<String, String> settings, Clock clock) {
        SecretsConfig config = SecretsConfig.of(settings);
        return new AzureKeyVaultProviderFactory().create(config, clock, Duration.ofMillis(10));
    }
}
