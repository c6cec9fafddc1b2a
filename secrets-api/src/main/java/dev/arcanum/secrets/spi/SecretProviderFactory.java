package dev.arcanum.secrets.spi;

import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretsConfig;
import java.util.List;
import java.util.Set;

/**
 * Creates one kind of {@link SecretProvider}. Discovered through {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/dev.arcanum.secrets.spi.SecretProviderFactory}) and
 * selected by name or alias through {@code SECRETS_PROVIDER}.
 *
 * <p>Implementations have a public no-argument constructor that does no I/O and reads no setting:
 * every factory on the class path is instantiated to learn its name, but only the selected one is
 * ever asked to {@link #create}.
 */
public interface SecretProviderFactory {

    /**
     * @return the provider's name, for example {@code vault}
     */
    String name();

    /**
     * @return other names that select this factory, for example {@code vault_dev}; the name the user
     *     chose is available to {@link #create} as the setting {@code secrets.provider}
     */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * @return every setting the provider reads, for {@code secrets doctor}, {@code secrets onboard},
     *     the docs and the unknown-key warning
     */
    List<Setting> settings();

    /**
     * Builds the provider. Validates every setting first and reports all failures at once; if
     * building fails half-way, closes what was already built before throwing.
     *
     * @param config the settings; {@code config.get("secrets.provider")} is the name or alias chosen
     * @return a ready provider
     * @throws dev.arcanum.secrets.SecretConfigurationException naming every missing or bad setting
     */
    SecretProvider create(SecretsConfig config);
}
