package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import dev.arcanum.secrets.spi.SecretProviderFactory;
import dev.arcanum.secrets.spi.Setting;
import java.util.List;

/**
 * Creates the {@code memory} provider, a {@link MemorySecretStore}. It reads no settings. Found by
 * {@link java.util.ServiceLoader}; the constructor does nothing.
 */
public final class MemorySecretProviderFactory implements SecretProviderFactory {
    /** The provider name {@code SECRETS_PROVIDER} selects. */
    public static final String NAME = "memory";

    /** For {@link java.util.ServiceLoader}. */
    public MemorySecretProviderFactory() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    /**
     * @param config ignored
     * @return a new, empty {@link MemorySecretStore}
     */
    @Override
    public SecretProvider create(SecretsConfig config) {
        return new MemorySecretStore();
    }
}
