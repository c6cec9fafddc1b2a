package dev.arcanum.secrets.infisical;

import java.time.Duration;

/** Waits between retries. Injectable so tests assert the waits asked for instead of sleeping. */
@FunctionalInterface
interface Sleeper {
    /** Sleeps on the calling thread. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /**
     * @param duration how long to wait
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(Duration duration) throws InterruptedException;
}
