package dev.arcanum.secrets;

import java.time.Duration;
import java.util.Objects;

/**
 * One read, as told to a {@link SecretAccessListener}: key, scope, provider, outcome, duration and
 * whether the cache answered it. Never the value.
 *
 * <p>Immutable and thread-safe. {@link SecretProvider#getMany} reads produce one event per key asked for.
 */
public final class SecretAccessEvent {

    /** How a read ended. */
    public enum Outcome {
        /** The secret was returned (fresh or from cache). */
        FOUND,
        /** The secret was returned from cache past its TTL because the backend is unavailable. */
        STALE,
        /** The key does not exist. */
        NOT_FOUND,
        /** The backend refused access. */
        ACCESS_DENIED,
        /** The backend could not be reached and no usable cached value existed. */
        UNAVAILABLE,
        /** Any other failure, for example a malformed key. */
        ERROR
    }

    private final String key;
    private final SecretScope scope;
    private final String provider;
    private final Outcome outcome;
    private final long durationNanos;
    private final boolean cacheHit;

    private SecretAccessEvent(
            String key, SecretScope scope, String provider, Outcome outcome, long durationNanos, boolean cacheHit) {
        this.key = Objects.requireNonNull(key, "key");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.durationNanos = durationNanos;
        this.cacheHit = cacheHit;
    }

    /**
     * @param key the key as the caller asked for it
     * @param scope the scope
     * @param provider the provider's name
     * @param outcome how the read ended
     * @param durationNanos how long it took, in nanoseconds
     * @param cacheHit whether the cache answered without calling the backend
     * @return the event
     */
    public static SecretAccessEvent of(
            String key, SecretScope scope, String provider, Outcome outcome, long durationNanos, boolean cacheHit) {
        return new SecretAccessEvent(key, scope, provider, outcome, durationNanos, cacheHit);
    }

    /**
     * Classifies a failure of a read.
     *
     * @param failure what the read threw
     * @return the matching outcome
     */
    public static Outcome outcomeOf(RuntimeException failure) {
        if (failure instanceof SecretNotFoundException) {
            return Outcome.NOT_FOUND;
        }
        if (failure instanceof SecretAccessDeniedException) {
            return Outcome.ACCESS_DENIED;
        }
        if (failure instanceof SecretProviderUnavailableException) {
            return Outcome.UNAVAILABLE;
        }
        return Outcome.ERROR;
    }

    /**
     * @return the key as the caller asked for it (a name, never a value)
     */
    public String key() {
        return key;
    }

    /**
     * @return the scope read from
     */
    public SecretScope scope() {
        return scope;
    }

    /**
     * @return the name of the provider, for example {@code vault}
     */
    public String provider() {
        return provider;
    }

    /**
     * @return how the read ended
     */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * @return how long the read took
     */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /**
     * @return true when the cache answered without calling the backend
     */
    public boolean cacheHit() {
        return cacheHit;
    }

    @Override
    public String toString() {
        return "SecretAccessEvent{key=" + key + ", scope=" + scope + ", provider=" + provider + ", outcome=" + outcome
                + ", durationNanos=" + durationNanos + ", cacheHit=" + cacheHit + "}";
    }
}
