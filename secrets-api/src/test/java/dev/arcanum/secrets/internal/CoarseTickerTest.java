package dev.arcanum.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoarseTickerTest {
    private static Optional<Thread> clockThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("arcanum-secrets-coarse-clock") && t.isAlive())
                .findFirst();
    }

    @Test
    void theClockThreadRunsWhileSomeoneHoldsItAndStopsAfterTheLastRelease() throws Exception {
        CoarseTicker ticker = CoarseTicker.INSTANCE;
        // Other tests in this JVM may hold it too (a cache not yet closed): count from where it is.
        int before = ticker.holders();
        ticker.acquire();
        ticker.acquire();
        Thread thread = clockThread().orElseThrow();
        assertThat(thread.isDaemon()).isTrue();

        // The value follows System.nanoTime(): it moves past a point taken now. This waits on the
        // clock thread doing its job, bounded, never on a fixed sleep.
        long mark = System.nanoTime();
        long deadline = mark + TimeUnit.SECONDS.toNanos(10);
        while (ticker.read() - mark <= 0 && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertThat(ticker.read() - mark).isPositive();

        ticker.release();
        assertThat(thread.isAlive()).isTrue(); // one holder left
        ticker.release();
        assertThat(ticker.holders()).isEqualTo(before);
        if (before == 0) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).isFalse();
        }
    }
}
