package dev.arcanum.secrets.spi;

import dev.arcanum.secrets.SecretScope;
import java.util.Optional;

/**
 * An optional capability of a {@link dev.arcanum.secrets.SecretProvider}: tell which version of a
 * secret is current without reading its value, more cheaply than a full read.
 *
 * <p>When the provider a {@link dev.arcanum.secrets.cache.CachingSecretProvider} wraps implements
 * this interface, each refresh of a cached entry that carries a version first calls {@link
 * #currentVersion}; only when the answer differs from the cached {@link
 * dev.arcanum.secrets.Secret#version()} (or is empty) does the cache read the value again. A backend
 * that bills per read of a value, or that has a metadata call answered from a cheaper path, saves
 * that read on every refresh where nothing changed. AWS Secrets Manager implements it with {@code
 * DescribeSecret} (the version id staged {@code AWSCURRENT}); a provider with no such call simply
 * does not implement this interface.
 *
 * <p>The cache only calls this for entries read without a pinned version and whose cached secret
 * reported a non-null version. A {@code #field} key is probed with its whole key; implementations
 * look at {@link dev.arcanum.secrets.SecretKey#path()}.
 *
 * <p><b>Thread safety</b>: called from the cache's refresh executor, possibly for several keys at
 * once; implementations must be thread-safe. <b>Nulls</b>: arguments are never null; the result is
 * never null.
 */
@FunctionalInterface
public interface VersionProbe {

    /**
     * Tells which version of a secret is current, without reading its value.
     *
     * @param key the key as the caller read it, possibly with {@code #field}
     * @param scope the scope it was read from
     * @return the current version id, in the same form as {@link dev.arcanum.secrets.Secret#version()};
     *     empty when the backend cannot tell, in which case the cache reads the value
     * @throws dev.arcanum.secrets.SecretNotFoundException if the secret no longer exists
     * @throws dev.arcanum.secrets.SecretAccessDeniedException if the backend refuses the call
     * @throws dev.arcanum.secrets.SecretProviderUnavailableException if the backend cannot be
     *     reached; the cache then treats the refresh as failed (max-stale applies)
     */
    Optional<String> currentVersion(String key, SecretScope scope);
}
