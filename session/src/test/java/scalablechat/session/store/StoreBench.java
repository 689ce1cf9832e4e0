package scalablechat.session.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Appends per second and append-to-durable latency for each fsync policy with 1, 10 and 100 appenders,
 * each appending its next message as soon as the previous one is durable (closed loop), into one room.
 * Not a test: run it by hand (docs/STORAGE.md has the command and the figures).
 * <pre>
 * StoreBench [dataDir] [seconds per case]
 * </pre>
 */
public final class StoreBench {
    private static final int[] APPENDERS = {1, 10, 100};
    private static final String TEXT = "a chat line of a typical length, about sixty characters long.";

    public static void main(String[] args) throws Exception {
        Path dataDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("store-bench");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        System.out.printf(Locale.ROOT, "data dir %s, %.0f s per case, %d cpus, java %s%n", dataDir, seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%-7s %9s %12s %9s %9s %9s %13s%n",
                "fsync", "appenders", "appends/s", "p50 ms", "p99 ms", "max ms", "appends/sync");
        int room = 0;
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            for (int appenders : APPENDERS) {
                RoomStore store = new RoomStore(dataDir, policy, 100);
                String roomId = "bench-" + ProcessHandle.current().pid() + "-" + room++;
                try (RoomLog log = store.open(roomId)) {
                    run(log, appenders, 1); // warm-up
                    long forcesBefore = log.forceCount();
                    long[] latencies = run(log, appenders, seconds);
                    long forces = log.forceCount() - forcesBefore;
                    Arrays.sort(latencies);
                    System.out.printf(Locale.ROOT, "%-7s %9d %12.0f %9.3f %9.3f %9.3f %13s%n",
                            policy.name().toLowerCase(Locale.ROOT), appenders, latencies.length / seconds,
                            millis(percentile(latencies, 0.50)), millis(percentile(latencies, 0.99)),
                            millis(latencies[latencies.length - 1]),
                            forces == 0 ? "-" : String.format(Locale.ROOT, "%.1f", (double) latencies.length / forces));
                }
                Files.deleteIfExists(store.logFile(roomId));
                Files.deleteIfExists(store.logFile(roomId).resolveSibling(RoomStore.fileName(roomId) + ".lock"));
            }
        }
    }

    /** Every append's latency in nanoseconds, from all appenders. */
    private static long[] run(RoomLog log, int appenders, double seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(appenders);
        List<LongList> results = new ArrayList<>();
        for (int a = 0; a < appenders; a++) {
            LongList latencies = new LongList();
            results.add(latencies);
            String user = "user" + a;
            Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        log.append(new NewMessage(user, TEXT, System.currentTimeMillis(), null)).get();
                        latencies.add(System.nanoTime() - start);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        done.await(60, TimeUnit.SECONDS);
        return results.stream().flatMapToLong(LongList::stream).toArray();
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** A growable array of longs, so recording a latency allocates nothing. */
    private static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        java.util.stream.LongStream stream() {
            return Arrays.stream(values, 0, size);
        }
    }

    private StoreBench() {}
}
