package dev.arcanum.secrets.spi;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretScope;
import java.util.Optional;

/**
 * Finds the version of a signing key that came before the current one, so {@link
 * HmacSecretSigner#verify} accepts signatures made just before a rotation.
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface PreviousVersionLookup {

    /**
     * @param provider the provider holding the key
     * @param key the signing key's name
     * @param scope its scope
     * @param current the current version as just read
     * @return the previous version, or empty if there is none
     */
    Optional<Secret> previous(SecretProvider provider, String key, SecretScope scope, Secret current);

    /**
     * For backends with numeric versions (memory, local, Vault KV v2, Infisical): reads version
     * {@code current - 1}.
     *
     * @return the numeric lookup
     */
    static PreviousVersionLookup numeric() {
        return (provider, key, scope, current) -> {
            String v = current.version();
            if (v == null) {
                return Optional.empty();
            }
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (n <= 1) {
                return Optional.empty();
            }
            try {
                return Optional.of(provider.getVersion(key, Long.toString(n - 1), scope));
            } catch (SecretNotFoundException e) {
                return Optional.empty();
            }
        };
    }
}
