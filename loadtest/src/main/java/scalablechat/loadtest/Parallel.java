package scalablechat.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/** Runs setup work (logins, lookups, handshakes) on virtual threads with a cap on how much is in flight. */
final class Parallel {
    private Parallel() {}

    /** {@code fn} over every item, at most {@code concurrency} at once; the first failure stops the rest. */
    static <T, R> List<R> map(List<T> items, int concurrency, Function<T, R> fn) {
        Semaphore permits = new Semaphore(concurrency);
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<R>> futures = new ArrayList<>(items.size());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (T item : items) {
                permits.acquireUninterruptibly();
                if (failed.get()) {
                    permits.release();
                    break;
                }
                futures.add(executor.submit(() -> {
                    try {
                        return fn.apply(item);
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    } finally {
                        permits.release();
                    }
                }));
            }
        }
        List<R> results = new ArrayList<>(futures.size());
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new LoadException(String.valueOf(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException("interrupted", e);
            }
        }
        return results;
    }
}
