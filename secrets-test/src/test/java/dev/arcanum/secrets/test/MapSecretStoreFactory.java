package dev.arcanum.secrets.test;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * Registers the reference store under the name {@code memory} for this module's tests only, so the
 * {@link SecretsTest} extension finds a provider (the real {@code memory} lives in {@code
 * secrets-local}, which depends on this module).
 */
public final class MapSecretStoreFactory implements SecretProviderFactory {
    /** Called by {@link java.util.ServiceLoader}. */
    public MapSecretStoreFactory() {}

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public SecretProvider create(SecretsConfig config) {
        return new MapSecretStore();
    }
}
