package dev.arcanum.secrets.cache;

/**
 * A registration made with {@link CachingSecretProvider#onChange}. Closing it unregisters the
 * listener; closing twice does nothing. Thread-safe.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Unregisters the listener. Idempotent; throws nothing. */
    @Override
    void close();
}
