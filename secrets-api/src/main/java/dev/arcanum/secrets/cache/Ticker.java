package dev.arcanum.secrets.cache;

import dev.arcanum.secrets.internal.CoarseTicker;

/**
 * A source of time for the cache, in nanoseconds from an arbitrary origin (like {@link
 * System#nanoTime()}). Injectable so tests advance time by hand instead of sleeping.
 *
 * <p>The default, {@link #coarse()}, is read on every cache hit and therefore must be cheap: it
 * returns a value that a single daemon thread advances about once a millisecond, so a hit reads one
 * shared {@code volatile long} instead of the system clock. Deadlines (TTL, refresh-ahead,
 * max-stale) are therefore exact to within about a millisecond plus scheduling jitter.
 *
 * <p><b>Thread safety</b>: implementations must be safe to call from any thread; values must not
 * decrease.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * @return the current time in nanoseconds from an arbitrary, fixed origin
     */
    long read();

    /**
     * The default ticker: the system's monotonic clock sampled about every millisecond by one shared
     * daemon thread. The thread runs only while at least one cache built with this ticker is open.
     *
     * @return the coarse ticker
     */
    static Ticker coarse() {
        return CoarseTicker.INSTANCE;
    }

    /**
     * A ticker that reads {@link System#nanoTime()} on every call: exact, but about as costly per
     * hit as the clock read itself.
     *
     * @return the system ticker
     */
    static Ticker system() {
        return System::nanoTime;
    }
}
