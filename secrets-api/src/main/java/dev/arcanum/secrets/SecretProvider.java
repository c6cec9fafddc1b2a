package dev.arcanum.secrets;

import java.util.Collection;
import java.util.Map;

/**
 * Reads secrets, signs and verifies payloads, and reports backend health — one interface over every
 * backend.
 *
 * <p><b>Keys</b> follow the {@link SecretKey} grammar: {@code name} or {@code path/to/name},
 * optionally {@code #field} to pick one field of a structured value. Without {@code #field}, a
 * single-field entry yields that field and a multi-field entry fails with a message naming its
 * fields. A malformed key fails with {@link InvalidSecretKeyException} before any network call.
 *
 * <p><b>Scopes</b> isolate keys: a key stored under one {@link SecretScope} is not readable under
 * another.
 *
 * <p><b>Thread safety</b>: every implementation is safe for concurrent use by many threads.
 *
 * <p><b>Nulls</b>: no argument may be null unless documented; results are never null.
 *
 * <p><b>Errors</b> are unchecked subclasses of {@link SecretException}; none of their messages
 * carries a secret value or a credential.
 */
public interface SecretProvider extends AutoCloseable {

    /**
     * @return the provider's name as {@code SECRETS_PROVIDER} selects it: {@code vault}, {@code
     *     aws}, {@code local}, …
     */
    String name();

    /**
     * Reads the current version of a secret.
     *
     * @param key the key, optionally with {@code #field}
     * @param scope the scope to read from
     * @return the secret, never null
     * @throws SecretNotFoundException if the key (or the field) does not exist
     * @throws InvalidSecretKeyException if the key is malformed, before any network call
     * @throws SecretAccessDeniedException if the backend refuses access
     * @throws SecretProviderUnavailableException if the backend cannot be reached
     */
    Secret get(String key, SecretScope scope);

    /**
     * Reads the current version of a secret in {@link SecretScope#DEFAULT}.
     *
     * @param key the key, optionally with {@code #field}
     * @return the secret, never null
     * @throws SecretNotFoundException if the key does not exist
     */
    default Secret get(String key) {
        return get(key, SecretScope.DEFAULT);
    }

    /**
     * Reads a pinned version of a secret, where the backend keeps versions.
     *
     * @param key the key, optionally with {@code #field}
     * @param version the backend's version id, as {@link Secret#version()} reports it
     * @param scope the scope to read from
     * @return the secret at that version, never null
     * @throws SecretNotFoundException if the key or that version does not exist
     * @throws UnsupportedOperationException never; a backend without versions throws {@link
     *     SecretException} saying so
     */
    default Secret getVersion(String key, String version, SecretScope scope) {
        SecretKey.parse(key);
        throw new SecretException(
                "Provider '" + name() + "' does not keep versions; read '" + key + "' without a version");
    }

    /**
     * Reads a pinned version in {@link SecretScope#DEFAULT}.
     *
     * @param key the key, optionally with {@code #field}
     * @param version the version id
     * @return the secret at that version
     */
    default Secret getVersion(String key, String version) {
        return getVersion(key, version, SecretScope.DEFAULT);
    }

    /**
     * Reads many secrets at once, in as few backend calls as the backend allows. Absent keys are left
     * out of the result; any other failure (access denied, unavailable) is thrown.
     *
     * @param keys the keys; duplicates are read once
     * @param scope the scope to read from
     * @return key to secret for every key found, in no particular order; never null
     * @throws InvalidSecretKeyException if any key is malformed, before any network call
     */
    Map<String, Secret> getMany(Collection<String> keys, SecretScope scope);

    /**
     * Reads many secrets in {@link SecretScope#DEFAULT}.
     *
     * @param keys the keys
     * @return key to secret for every key found
     */
    default Map<String, Secret> getMany(Collection<String> keys) {
        return getMany(keys, SecretScope.DEFAULT);
    }

    /**
     * Signs a payload with the key for the purpose.
     *
     * @param payload the bytes to sign; not copied, not kept
     * @param purpose which signing key to use
     * @return the signature with its algorithm and key version
     */
    SignedPayload sign(byte[] payload, SecretPurpose purpose);

    /**
     * Verifies a signature made by {@link #sign}. Accepts signatures made with the current and the
     * previous version of the purpose's key, so a rotation does not reject payloads signed a moment
     * earlier. Comparison is constant-time.
     *
     * @param payload the signed bytes
     * @param signature the signature text as {@link SignedPayload#signature()} gave it
     * @param purpose the purpose it was signed for
     * @return true if valid; false for a wrong, tampered or malformed signature (never an exception
     *     for those)
     */
    boolean verify(byte[] payload, String signature, SecretPurpose purpose);

    /**
     * Checks whether the backend can serve. Never throws: every failure is reported as {@link
     * SecretProviderHealth.Status#UNAVAILABLE} with a message.
     *
     * @return the health; never null
     */
    SecretProviderHealth healthCheck();

    /** Releases connections and background threads. Idempotent; throws nothing. */
    @Override
    default void close() {}
}
