package scalablechat.common.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The process and the JVM, with the names Prometheus' own clients use: CPU time, resident memory,
 * file descriptors, heap, threads, garbage collection. Each is read from the JDK's management beans
 * at scrape time; a value this platform can't give is NaN (resident memory, read from /proc, is left out).
 * The beans are looked up at the first scrape, not at registration: looking them up (the JDK detects its
 * cgroup limits on the way) took 15-30 ms of a session server's start to ready.
 */
public final class ProcessMetrics {
    /** Linux: the process's resident set, in kB, on the "VmRSS:" line. */
    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final long BYTES_PER_KB = 1024;

    private ProcessMetrics() {}

    /** The JVM's management beans, initialized by the first scrape that reads one. */
    private static final class Beans {
        static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
        static final long START_MILLIS = ManagementFactory.getRuntimeMXBean().getStartTime();
        static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();
    }

    public static void register(MetricRegistry registry) {
        registry.counter("process_cpu_seconds_total", "CPU time the process used, user and system, in seconds",
                () -> Beans.OS instanceof com.sun.management.OperatingSystemMXBean jdk && jdk.getProcessCpuTime() >= 0
                        ? jdk.getProcessCpuTime() / 1e9 : Double.NaN);
        if (residentBytes() >= 0) {
            registry.gauge("process_resident_memory_bytes", "Resident memory of the process (VmRSS), in bytes",
                    ProcessMetrics::residentBytes);
        }
        registry.gauge("process_open_fds", "Open file descriptors (sockets included)",
                () -> Beans.OS instanceof com.sun.management.UnixOperatingSystemMXBean unix
                        ? unix.getOpenFileDescriptorCount() : Double.NaN);
        registry.gauge("process_max_fds", "Most file descriptors the process may open",
                () -> Beans.OS instanceof com.sun.management.UnixOperatingSystemMXBean unix
                        ? unix.getMaxFileDescriptorCount() : Double.NaN);
        registry.gauge("process_start_time_seconds", "When the process started, in seconds since the Unix epoch",
                () -> Beans.START_MILLIS / 1000.0);
        registry.gaugeFamily("jvm_memory_used_bytes", "JVM memory in use, in bytes", List.of("area"), () -> Map.of(
                List.of("heap"), Beans.MEMORY.getHeapMemoryUsage().getUsed(),
                List.of("nonheap"), Beans.MEMORY.getNonHeapMemoryUsage().getUsed()));
        registry.gaugeFamily("jvm_memory_committed_bytes", "JVM memory reserved from the system, in bytes",
                List.of("area"), () -> Map.of(
                        List.of("heap"), Beans.MEMORY.getHeapMemoryUsage().getCommitted(),
                        List.of("nonheap"), Beans.MEMORY.getNonHeapMemoryUsage().getCommitted()));
        registry.gauge("jvm_memory_heap_max_bytes", "Largest heap the JVM may use (-Xmx), in bytes", () -> {
            long max = Beans.MEMORY.getHeapMemoryUsage().getMax();
            return max >= 0 ? max : Double.NaN;
        });
        registry.gauge("jvm_threads_live", "Live platform threads (virtual threads are not counted)",
                () -> Beans.THREADS.getThreadCount());
        registry.counter("jvm_gc_collections_total", "Garbage collections, all collectors",
                () -> Beans.COLLECTORS.stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum());
        registry.counter("jvm_gc_collection_seconds_total", "Time spent in garbage collections, all collectors, in seconds",
                () -> Beans.COLLECTORS.stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum() / 1000.0);
    }

    /** The resident set size from /proc, or -1 where there is none. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * BYTES_PER_KB;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc is not mounted
        }
        return -1;
    }
}
