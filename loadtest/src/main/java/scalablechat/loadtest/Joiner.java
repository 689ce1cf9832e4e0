package scalablechat.loadtest;

import java.time.Duration;
import java.util.List;

/** Waits for threads to end, but never longer than a bound; stragglers are interrupted and reported. */
final class Joiner {
    private Joiner() {}

    static void joinAll(List<Thread> threads, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread thread : threads) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                    threads.forEach(Thread::interrupt);
                    throw new LoadException("senders did not finish within " + limit.toSeconds()
                            + " s: the server is not taking messages (TCP backpressure)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException("interrupted", e);
            }
        }
    }
}
