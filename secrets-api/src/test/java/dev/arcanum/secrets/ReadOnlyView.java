package dev.arcanum.secrets;

import java.util.Collection;
import java.util.Map;

/** A provider that is not a {@link SecretStore}, over a counting store. */
final class ReadOnlyView implements SecretProvider {
    private final CountingStore store;

    ReadOnlyView(CountingStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "view";
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        return store.get(key, scope);
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
}
