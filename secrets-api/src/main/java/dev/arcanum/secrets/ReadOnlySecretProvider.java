package dev.arcanum.secrets;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The read-only guard ({@code SECRETS_READ_ONLY=true}): a {@link SecretStore} whose every write —
 * {@code put}, {@code putIfAbsent}, {@code delete}, {@code putAll} — fails with {@link
 * ReadOnlyStoreException} before the wrapped store is called. Reads, {@code exists}, {@code list},
 * signing and health checks pass through.
 *
 * <p>Thread-safe when the wrapped store is. Closing it closes the wrapped store.
 */
public final class ReadOnlySecretProvider implements SecretStore {
    private final SecretStore store;

    private ReadOnlySecretProvider(SecretStore store) {
        this.store = store;
    }

    /**
     * Guards a provider against writes.
     *
     * @param provider the provider; not null
     * @return the guard when the provider is a {@link SecretStore}; the provider itself otherwise (it
     *     has no writes to refuse)
     */
    public static SecretProvider wrap(SecretProvider provider) {
        Objects.requireNonNull(provider, "provider");
        if (provider instanceof SecretStore && !(provider instanceof ReadOnlySecretProvider)) {
            return new ReadOnlySecretProvider((SecretStore) provider);
        }
        return provider;
    }

    private ReadOnlyStoreException refused(String operation, String key) {
        return new ReadOnlyStoreException("Provider '" + store.name() + "' is read-only (secrets.read-only=true): "
                + operation + (key == null ? "" : " of '" + key + "'")
                + " refused. Unset SECRETS_READ_ONLY to allow writes.");
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        throw refused("put", key);
    }

    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        throw refused("putIfAbsent", key);
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        throw refused("delete", key);
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        throw refused("putAll of " + (values == null ? 0 : values.size()) + " keys", null);
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        return store.exists(key, scope);
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        return store.list(scope);
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        return store.get(key, scope);
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        return store.getVersion(key, version, scope);
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        return store.getMany(keys, scope);
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return store.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return store.verify(payload, signature, purpose);
    }

    @Override
    public SecretProviderHealth healthCheck() {
        return store.healthCheck();
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "ReadOnlySecretProvider{provider=" + store.name() + "}";
    }
}
