package dev.arcanum.secrets.internal;

import dev.arcanum.secrets.cache.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link System#nanoTime()} sampled about every millisecond by one daemon thread, so a cache hit
 * reads a shared {@code volatile long} (a plain load on x86) instead of the clock (about 25–30 ns on
 * virtualised hosts). The thread runs while at least one cache holds a reference ({@link #acquire}
 * / {@link #release}); when none does, the value stops advancing, so every user acquires first.
 */
public final class CoarseTicker implements Ticker {
    /** The shared instance. */
    public static final CoarseTicker INSTANCE = new CoarseTicker();

    private static final long TICK_NANOS = 1_000_000L;

    private final PaddedTime time = new PaddedTime();
    private int users; // guarded by this
    private Thread thread; // guarded by this

    private CoarseTicker() {}

    @Override
    public long read() {
        return time.value;
    }

    /** Starts the sampling thread if this is the first user. */
    public synchronized void acquire() {
        if (users++ == 0) {
            time.value = System.nanoTime();
            Thread t = new Thread(this::run, "arcanum-secrets-coarse-clock");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
    }

    /** Stops the sampling thread when the last user leaves. */
    public synchronized void release() {
        if (users > 0 && --users == 0) {
            Thread t = thread;
            thread = null;
            LockSupport.unpark(t);
        }
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (isCurrent(self)) {
            LockSupport.parkNanos(this, TICK_NANOS);
            time.value = System.nanoTime();
        }
    }

    private synchronized boolean isCurrent(Thread t) {
        // Cheap enough at 1 kHz, and it lets a release followed by an acquire start a fresh thread
        // without the old one lingering.
        return thread == t;
    }

    // Padding on both sides keeps the hot field alone on its cache line: it is written 1000 times a
    // second and read on every hit by every core, so sharing a line with anything written more often
    // would turn hits into cache misses.
    @SuppressWarnings("unused")
    private static class LeftPadding {
        long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    private static class TimeValue extends LeftPadding {
        volatile long value = System.nanoTime();
    }

    @SuppressWarnings("unused")
    private static final class PaddedTime extends TimeValue {
        long q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }
}
