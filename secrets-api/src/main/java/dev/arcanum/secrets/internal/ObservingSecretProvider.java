package dev.arcanum.secrets.internal;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.Secret;
import dev.arcanum.secrets.SecretAccessEvent;
import dev.arcanum.secrets.SecretAccessListener;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretProvider;
import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretPurpose;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import dev.arcanum.secrets.SignedPayload;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a {@link SecretAccessListener} of every read when there is no cache to do it (TTL 0). Every
 * event has {@code cacheHit=false}. Only built when a listener is set.
 */
public sealed class ObservingSecretProvider implements SecretProvider permits ObservingSecretProvider.Store {
    private static final Logger LOG = LoggerFactory.getLogger(ObservingSecretProvider.class);

    final SecretProvider delegate;
    private final SecretAccessListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    ObservingSecretProvider(SecretProvider delegate, SecretAccessListener listener) {
        this.delegate = delegate;
        this.listener = listener;
    }

    /**
     * @param delegate the provider
     * @param listener the listener
     * @return an observing provider; a {@link SecretStore} when the delegate is one
     */
    public static SecretProvider wrap(SecretProvider delegate, SecretAccessListener listener) {
        return delegate instanceof SecretStore
                ? new Store((SecretStore) delegate, listener)
                : new ObservingSecretProvider(delegate, listener);
    }

    private void emit(String key, SecretScope scope, SecretAccessEvent.Outcome outcome, long start) {
        try {
            listener.onAccess(SecretAccessEvent.of(
                    key == null ? "null" : key,
                    scope == null ? SecretScope.DEFAULT : scope,
                    delegate.name(),
                    outcome,
                    System.nanoTime() - start,
                    false));
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn(
                        "The secret access listener failed with {}; reads go on",
                        e.getClass().getName());
            }
        }
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Secret get(String key, SecretScope scope) {
        long start = System.nanoTime();
        try {
            Secret s = delegate.get(key, scope);
            emit(key, scope, SecretAccessEvent.Outcome.FOUND, start);
            return s;
        } catch (RuntimeException e) {
            emit(key, scope, SecretAccessEvent.outcomeOf(e), start);
            throw e;
        }
    }

    @Override
    public Map<String, Secret> getMany(Collection<String> keys, SecretScope scope) {
        long start = System.nanoTime();
        try {
            Map<String, Secret> found = delegate.getMany(keys, scope);
            for (String k : keys) {
                emit(
                        k,
                        scope,
                        found.containsKey(k) ? SecretAccessEvent.Outcome.FOUND : SecretAccessEvent.Outcome.NOT_FOUND,
                        start);
            }
            return found;
        } catch (RuntimeException e) {
            for (String k : keys) {
                emit(k, scope, SecretAccessEvent.outcomeOf(e), start);
            }
            throw e;
        }
    }

    @Override
    public Secret getVersion(String key, String version, SecretScope scope) {
        return delegate.getVersion(key, version, scope);
    }

    @Override
    public SignedPayload sign(byte[] payload, SecretPurpose purpose) {
        return delegate.sign(payload, purpose);
    }

    @Override
    public boolean verify(byte[] payload, String signature, SecretPurpose purpose) {
        return delegate.verify(payload, signature, purpose);
    }

    @Override
    public SecretProviderHealth healthCheck() {
        return delegate.healthCheck();
    }

    @Override
    public void close() {
        delegate.close();
    }

    static final class Store extends ObservingSecretProvider implements SecretStore {
        private final SecretStore store;

        Store(SecretStore store, SecretAccessListener listener) {
            super(store, listener);
            this.store = store;
        }

        @Override
        public SecretMetadata put(String key, String value, SecretScope scope) {
            return store.put(key, value, scope);
        }

        @Override
        public boolean putIfAbsent(String key, String value, SecretScope scope) {
            return store.putIfAbsent(key, value, scope);
        }

        @Override
        public boolean delete(String key, SecretScope scope) {
            return store.delete(key, scope);
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
        public BulkResult putAll(Map<String, String> values, SecretScope scope) {
            return store.putAll(values, scope);
        }
    }
}
