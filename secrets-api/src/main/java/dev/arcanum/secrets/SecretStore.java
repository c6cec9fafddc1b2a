package dev.arcanum.secrets;

import java.util.List;
import java.util.Map;

/**
 * A {@link SecretProvider} that can also write. Same thread-safety, null and error rules.
 *
 * <p>Writes take plain keys (no {@code #field}); a malformed key or a value the backend cannot hold
 * fails before any network call, and nothing already stored is lost or half-written.
 */
public interface SecretStore extends SecretProvider {

    /**
     * Creates the secret, or stores a new version of it.
     *
     * @param key the key, without {@code #field}
     * @param value the value, never null
     * @param scope the scope to write to
     * @return the metadata of the version written
     * @throws ReadOnlyStoreException if the store is read-only
     * @throws InvalidSecretKeyException if the key is malformed
     * @throws InvalidSecretValueException if the backend cannot hold the value
     */
    SecretMetadata put(String key, String value, SecretScope scope);

    /**
     * Creates the secret only if it does not exist yet. Backends with an atomic create (Vault
     * check-and-set, AWS {@code CreateSecret}, a file lock) use it, so two processes seeding at once
     * never overwrite each other; the others check then write and document the race.
     *
     * @param key the key, without {@code #field}
     * @param value the value
     * @param scope the scope
     * @return true if this call created it, false if it already existed (nothing was written)
     */
    default boolean putIfAbsent(String key, String value, SecretScope scope) {
        if (exists(key, scope)) {
            return false;
        }
        put(key, value, scope);
        return true;
    }

    /**
     * Deletes the secret (soft delete where the backend has one).
     *
     * @param key the key
     * @param scope the scope
     * @return true if it existed
     */
    boolean delete(String key, SecretScope scope);

    /**
     * @param key the key
     * @param scope the scope
     * @return true if the secret exists in that scope
     */
    boolean exists(String key, SecretScope scope);

    /**
     * Lists the secrets of a scope: names and metadata, never values.
     *
     * @param scope the scope
     * @return one entry per secret, sorted by key
     */
    List<SecretMetadata> list(SecretScope scope);

    /**
     * Writes many secrets, in one bulk call where the backend has one.
     *
     * @param values key to value
     * @param scope the scope
     * @return which keys were created and which updated
     */
    BulkResult putAll(Map<String, String> values, SecretScope scope);

    /**
     * {@link #put(String, String, SecretScope)} in {@link SecretScope#DEFAULT}.
     *
     * @param key the key
     * @param value the value
     * @return the metadata of the version written
     */
    default SecretMetadata put(String key, String value) {
        return put(key, value, SecretScope.DEFAULT);
    }

    /**
     * {@link #delete(String, SecretScope)} in {@link SecretScope#DEFAULT}.
     *
     * @param key the key
     * @return true if it existed
     */
    default boolean delete(String key) {
        return delete(key, SecretScope.DEFAULT);
    }

    /**
     * {@link #exists(String, SecretScope)} in {@link SecretScope#DEFAULT}.
     *
     * @param key the key
     * @return true if it exists
     */
    default boolean exists(String key) {
        return exists(key, SecretScope.DEFAULT);
    }
}
