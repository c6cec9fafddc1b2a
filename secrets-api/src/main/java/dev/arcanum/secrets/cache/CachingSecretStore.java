package dev.arcanum.secrets.cache;

import dev.arcanum.secrets.BulkResult;
import dev.arcanum.secrets.InvalidSecretKeyException;
import dev.arcanum.secrets.SecretMetadata;
import dev.arcanum.secrets.SecretScope;
import dev.arcanum.secrets.SecretStore;
import java.util.List;
import java.util.Map;

/**
 * The cache in front of a {@link SecretStore}: every write goes to the store first and, once it
 * returned (or failed, since a failed write may have half-happened on a remote backend), drops the
 * cached entries of the key so the next read sees it. {@code exists} and {@code list} are not cached.
 */
final class CachingSecretStore extends CachingSecretProvider implements SecretStore {
    private final SecretStore store;

    CachingSecretStore(Builder b) {
        super(b);
        this.store = (SecretStore) delegate;
    }

    @Override
    public SecretMetadata put(String key, String value, SecretScope scope) {
        try {
            return store.put(key, value, scope);
        } finally {
            invalidateQuietly(key, scope);
        }
    }

    @Override
    public boolean putIfAbsent(String key, String value, SecretScope scope) {
        try {
            return store.putIfAbsent(key, value, scope);
        } finally {
            invalidateQuietly(key, scope);
        }
    }

    @Override
    public boolean delete(String key, SecretScope scope) {
        try {
            return store.delete(key, scope);
        } finally {
            invalidateQuietly(key, scope);
        }
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
        try {
            return store.putAll(values, scope);
        } finally {
            for (String key : values.keySet()) {
                invalidateQuietly(key, scope);
            }
        }
    }

    private void invalidateQuietly(String key, SecretScope scope) {
        // A malformed key was refused by the store before anything was written; nothing to drop.
        if (key != null && scope != null) {
            try {
                invalidate(key, scope);
            } catch (InvalidSecretKeyException e) {
                // The store refused the malformed key before writing; its own exception is the one
                // the caller sees.
            }
        }
    }
}
