package dev.arcanum.secrets.internal;

import dev.arcanum.secrets.cache.Ticker;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link System#nanoTime()} sampled about every millisecond by one daemon thread, so a cache hit
 * reads a shared {@code volatile long} (a plain load on x86) instead of the clock (about 25–30 ns on
 * virtualised hosts). The thread runs while at least one cache holds a reference ({@link #acquire}
 * / {@link #release}); when none does, the value stops advancing, so every user acquires first.
 */
public final class CoarseTicker extends CoarseTickerPadding.Right implements Ticker {
    /** The shared instance. */
    public static final CoarseTicker INSTANCE = new CoarseTicker();

    private static final long TICK_NANOS = 1_000_000L;

    private int users; // guarded by this
    private Thread thread; // guarded by this

    private CoarseTicker() {}

    @Override
    public long read() {
        return value;
    }

    /** Starts the sampling thread if this is the first user. */
    public synchronized void acquire() {
        if (users++ == 0) {
            value = System.nanoTime();
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

    /** How many users hold the ticker; for tests. */
    synchronized int holders() {
        return users;
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (isCurrent(self)) {
            LockSupport.parkNanos(this, TICK_NANOS);
            value = System.nanoTime();
        }
    }

    private synchronized boolean isCurrent(Thread t) {
        // Cheap enough at 1 kHz, and it lets a release followed by an acquire start a fresh thread
        // without the old one lingering.
        return thread == t;
    }
}
