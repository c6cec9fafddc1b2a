package dev.arcanum.secrets.benchmarks;

import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretNotFoundException;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SignedPayload;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A fixed in-memory backend: the cache under test never calls it once warm. */
final class MapSecretProvider implements SecretProvider {
    private final Map<String, Secret> secrets;

    MapSecretProvider(Map<String, Secret> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    public String name() {
        return "map";
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        Secret s = secrets.get(key);
        if (s == null) {
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }
        return s;
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Map<String, Secret> out = new HashMap<>();
        for (String k : keys) {
            Secret s = secrets.get(k);
            if (s != null) {
                out.put(k, s);
            }
        }
        return out;
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        throw new UnsupportedOperationException("not benchmarked");
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return false;
    }

    @Override
    public SecretProviderHealth healthCheck() {
        return SecretProviderHealth.healthy("in memory", Map.of());
    }
}
