package dev.arcanum.secrets.local;

import dev.arcanum.secrets.SecretProviderHealth;
import dev.arcanum.secrets.SecretStore;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The {@code memory} provider: a {@link SecretStore} held in this process's memory, for tests and
 * throw-away tools. Nothing is persisted; a new instance is empty.
 *
 * <p>Every version is kept, numbered {@code "1"}, {@code "2"}, … per key; deleting a key drops all
 * of its versions, and re-creating it starts again at {@code "1"}. Scopes are isolated. Values are
 * limited to 1 MiB of UTF-8, as in the {@code local} store, so tests catch what production would
 * reject. Signing uses {@link dev.arcanum.secrets.spi.HmacSecretSigner} with keys created in the
 * store on first use.
 *
 * <p>Thread-safe: reads share a lock, writes (including {@link #putIfAbsent} and {@link #putAll})
 * are atomic. Null arguments throw {@link NullPointerException}; the exceptions thrown are those
 * documented on {@link SecretStore}.
 */
public final class MemorySecretStore extends VersionedStore {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final VersionedEntries entries = new VersionedEntries();

    /** An empty store using the system clock for timestamps. */
    public MemorySecretStore() {
        this(Clock.systemUTC());
    }

    /**
     * An empty store.
     *
     * @param clock the clock for creation and update timestamps
     */
    public MemorySecretStore(Clock clock) {
        super(clock, Integer.MAX_VALUE);
    }

    /**
     * @return {@code memory}
     */
    @Override
    public String name() {
        return MemorySecretProviderFactory.NAME;
    }

    @Override
    <R> R read(Function<VersionedEntries, R> reader) {
        countEntryAccess();
        lock.readLock().lock();
        try {
            return reader.apply(entries);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    <R> R update(Function<VersionedEntries, R> writer) {
        countEntryAccess();
        lock.writeLock().lock();
        try {
            return writer.apply(entries);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * @return always healthy, with the number of secrets and scopes held
     */
    @Override
    public SecretProviderHealth healthCheck() {
        return read(e ->
                SecretProviderHealth.healthy("in-memory store", Map.of("secrets", e.size(), "scopes", e.scopeCount())));
    }

    /**
     * @return the name and size; never a key's value
     */
    @Override
    public String toString() {
        return "MemorySecretStore{secrets=" + read(VersionedEntries::size) + "}";
    }
}
