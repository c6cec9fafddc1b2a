package dev.arcanum.secrets.cache;

import dev.arcanum.secrets.Secret;

/**
 * Told when a refresh of a cached secret returns a new version, so pools and clients holding the old
 * value can rebuild. Registered with {@link CachingSecretProvider#onChange}.
 *
 * <p>Called on the cache's executor, never on the thread whose read caused the refresh, and once per
 * change: a refresh that finds the same version (or, for a backend without versions, the same value)
 * calls no one. A listener that throws is logged at WARN (key only) and does not stop the others.
 */
@FunctionalInterface
public interface SecretChangeListener {

    /**
     * @param previous the secret the cache held before; never null
     * @param current the secret the refresh returned; never null
     */
    void onChange(Secret previous, Secret current);
}
