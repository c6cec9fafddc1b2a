package dev.arcanum.secrets.cache;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Queues tasks until the test runs them, so background work happens exactly when asserted. */
final class ManualExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable command) {
        tasks.add(command);
    }

    synchronized int pending() {
        return tasks.size();
    }

    /** Runs queued tasks, including those they queue, until none is left. */
    int runAll() {
        int n = 0;
        for (; ; ) {
            Runnable r;
            synchronized (this) {
                r = tasks.poll();
            }
            if (r == null) {
                return n;
            }
            r.run();
            n++;
        }
    }
}
