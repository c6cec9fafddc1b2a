package dev.arcanum.secrets;

import dev.arcanum.secrets.spi.HmacSecretSigner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A small versioned store for the core's own tests; counts backend reads. */
class MapSecretStore implements SecretStore {
    private final Map<String, List<String>> versions = new ConcurrentHashMap<>();
    private final HmacSecretSigner signer = new HmacSecretSigner(this);
    final AtomicInteger reads = new AtomicInteger();

    private static String id(String key, SecretScope scope) {
        return scope.name() + "\u0000" + key;
    }

    @Override
    public String name() {
        return "map";
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        reads.incrementAndGet();
        List<String> vs = versions.get(id(k.path(), scope));
        if (vs == null) {
            throw new SecretNotFoundException("Secret '" + k.path() + "' not found");
        }
        synchronized (vs) {
            return dev.arcanum.secrets.spi.SecretFields.select(
                    Secret.of(k.path(), vs.get(vs.size() - 1), Integer.toString(vs.size())), k);
        }
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        SecretKey k = SecretKey.parse(key);
        reads.incrementAndGet();
        List<String> vs = versions.get(id(k.path(), scope));
        int n = Integer.parseInt(version);
        if (vs == null || n < 1 || n > vs.size()) {
            throw new SecretNotFoundException("Secret '" + k.path() + "' version " + version + " not found");
        }
        synchronized (vs) {
            return dev.arcanum.secrets.spi.SecretFields.select(Secret.of(k.path(), vs.get(n - 1), version), k);
        }
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        Map<String, Secret> out = new LinkedHashMap<>();
        keys.forEach(SecretKey::parse);
        for (String key : keys) {
            try {
                out.put(key, get(key, scope));
            } catch (SecretNotFoundException e) {
                // absent keys are left out
            }
        }
        return out;
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return signer.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return signer.verify(payload, signature, purpose);
    }

    @Override
    public SecretProviderHealth healthCheck() {
        return SecretProviderHealth.healthy("map", Map.of());
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        SecretKey.parse(key);
        List<String> vs = versions.computeIfAbsent(id(key, scope), k -> new ArrayList<>());
        synchronized (vs) {
            vs.add(value);
            return SecretMetadata.of(key, Integer.toString(vs.size()));
        }
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        return versions.remove(id(SecretKey.parse(key).path(), scope)) != null;
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        return versions.containsKey(id(SecretKey.parse(key).path(), scope));
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        Map<String, SecretMetadata> out = new TreeMap<>();
        String prefix = scope.name() + "\u0000";
        versions.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String key = k.substring(prefix.length());
                out.put(key, SecretMetadata.of(key, Integer.toString(v.size())));
            }
        });
        return List.copyOf(out.values());
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        values.forEach((k, v) -> {
            (exists(k, scope) ? updated : created).add(k);
            put(k, v, scope);
        });
        return new BulkResult(created, updated);
    }

    Map<String, Integer> versionCounts() {
        Map<String, Integer> out = new HashMap<>();
        versions.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
