package dev.arcanum.secrets;

import dev.arcanum.secrets.spi.VersionProbe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store for tests that counts every backend call, can fail on demand (unavailable,
 * access denied) and can hold reads until released, so tests can line threads up on one load.
 */
public class CountingStore implements SecretStore {
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger getManys = new AtomicInteger();
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger probes = new AtomicInteger();
    public final List<Collection<String>> getManyKeys = java.util.Collections.synchronizedList(new ArrayList<>());
    public volatile RuntimeException failReads;
    public volatile CountDownLatch holdReads;
    public volatile CountDownLatch readEntered = new CountDownLatch(1);
    private final boolean versioned;
    private final Map<String, String[]> data = new ConcurrentHashMap<>(); // scope/key -> {value, version}
    private volatile boolean closed;

    public CountingStore(boolean versioned) {
        this.versioned = versioned;
    }

    /** A store that also implements {@link VersionProbe}. */
    public static CountingStore probing() {
        return new Probing();
    }

    private static String id(String key, SecretScope scope) {
        return scope.name() + "/" + key;
    }

    /** Writes behind the cache's back, as another process would. */
    public void backdoorPut(String key, String value, SecretScope scope) {
        data.compute(id(key, scope), (k, old) ->
                new String[] {value, String.valueOf(old == null ? 1 : Integer.parseInt(old[1]) + 1)});
    }

    public void backdoorPut(String key, String value) {
        backdoorPut(key, value, SecretScope.DEFAULT);
    }

    public void backdoorDelete(String key) {
        data.remove(id(key, SecretScope.DEFAULT));
    }

    public boolean isClosed() {
        return closed;
    }

    private void beforeRead() {
        readEntered.countDown();
        CountDownLatch hold = holdReads;
        if (hold != null) {
            try {
                if (!hold.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test never released the read");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        RuntimeException f = failReads;
        if (f != null) {
            throw f;
        }
    }

    private Secret secret(String key, String[] entry) {
        return Secret.of(key, entry[0], versioned ? entry[1] : null);
    }

    @Override
    public String name() {
        return "counting";
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        SecretKey.parse(key);
        gets.incrementAndGet();
        // Read first, then hold: a held read carries the value it saw, as a slow network call would.
        String[] e = data.get(id(key, scope));
        beforeRead();
        if (e == null) {
            throw new SecretNotFoundException("Secret '" + key + "' not found");
        }
        return secret(key, e);
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        getManys.incrementAndGet();
        getManyKeys.add(List.copyOf(keys));
        beforeRead();
        Map<String, Secret> out = new LinkedHashMap<>();
        for (String k : keys) {
            String[] e = data.get(id(k, scope));
            if (e != null) {
                out.put(k, secret(k, e));
            }
        }
        return out;
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        SecretKey.parse(key);
        writes.incrementAndGet();
        backdoorPut(key, value, scope);
        return SecretMetadata.of(key, versioned ? data.get(id(key, scope))[1] : null);
    }

    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        writes.incrementAndGet();
        return data.putIfAbsent(id(key, scope), new String[] {value, "1"}) == null;
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        writes.incrementAndGet();
        return data.remove(id(key, scope)) != null;
    }

    @Override
    public boolean exists(String key, SecretScope scope) {
        return data.containsKey(id(key, scope));
    }

    @Override
    public List<SecretMetadata> list(SecretScope scope) {
        List<SecretMetadata> out = new ArrayList<>();
        data.forEach((k, v) -> {
            if (k.startsWith(scope.name() + "/")) {
                out.add(SecretMetadata.of(k.substring(scope.name().length() + 1), v[1]));
            }
        });
        return out;
    }

    @Override
    public BulkResult putAll(Map<String, String> values, SecretScope scope) {
        writes.incrementAndGet();
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        values.forEach((k, v) -> {
            (data.containsKey(id(k, scope)) ? updated : created).add(k);
            backdoorPut(k, v, scope);
        });
        return new BulkResult(created, updated);
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return false;
    }

    @Override
    public SecretProviderHealth healthCheck() {
        return SecretProviderHealth.healthy("ok", Map.of());
    }

    @Override
    public void close() {
        closed = true;
    }

    private static final class Probing extends CountingStore implements VersionProbe {
        Probing() {
            super(true);
        }

        @Override
        public Optional<String> currentVersion(String key, SecretScope scope) {
            probes.incrementAndGet();
            RuntimeException f = failReads;
            if (f != null) {
                throw f;
            }
            String[] e = super.data.get(id(key, scope));
            if (e == null) {
                throw new SecretNotFoundException("Secret '" + key + "' not found");
            }
            return Optional.of(e[1]);
        }
    }
}
