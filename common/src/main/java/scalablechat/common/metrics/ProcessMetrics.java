package scalablechat.common.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The process and the JVM, with the names Prometheus' own clients use: CPU time, resident memory,
 * file descriptors, heap, threads, garbage collection. Each is read from the JDK's management beans
 * at scrape time; one that this platform can't give is left out.
 */
public final class ProcessMetrics {
    /** Linux: the process's resident set, in kB, on the "VmRSS:" line. */
    private static final Path PROC_STATUS = Path.of("/proc/self/status");
    private static final long BYTES_PER_KB = 1024;

    private ProcessMetrics() {}

    public static void register(MetricRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean jdk && jdk.getProcessCpuTime() >= 0) {
            registry.counter("process_cpu_seconds_total", "CPU time the process used, user and system, in seconds",
                    () -> jdk.getProcessCpuTime() / 1e9);
        }
        if (residentBytes() >= 0) {
            registry.gauge("process_resident_memory_bytes", "Resident memory of the process (VmRSS), in bytes",
                    ProcessMetrics::residentBytes);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            registry.gauge("process_open_fds", "Open file descriptors (sockets included)", unix::getOpenFileDescriptorCount);
            registry.gauge("process_max_fds", "Most file descriptors the process may open", unix::getMaxFileDescriptorCount);
        }
        long startMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        registry.gauge("process_start_time_seconds", "When the process started, in seconds since the Unix epoch",
                () -> startMillis / 1000.0);
        var memory = ManagementFactory.getMemoryMXBean();
        registry.gaugeFamily("jvm_memory_used_bytes", "JVM memory in use, in bytes", List.of("area"), () -> Map.of(
                List.of("heap"), memory.getHeapMemoryUsage().getUsed(),
                List.of("nonheap"), memory.getNonHeapMemoryUsage().getUsed()));
        registry.gaugeFamily("jvm_memory_committed_bytes", "JVM memory reserved from the system, in bytes",
                List.of("area"), () -> Map.of(
                        List.of("heap"), memory.getHeapMemoryUsage().getCommitted(),
                        List.of("nonheap"), memory.getNonHeapMemoryUsage().getCommitted()));
        MemoryUsage heap = memory.getHeapMemoryUsage();
        if (heap.getMax() >= 0) {
            registry.gauge("jvm_memory_heap_max_bytes", "Largest heap the JVM may use (-Xmx), in bytes", heap::getMax);
        }
        var threads = ManagementFactory.getThreadMXBean();
        registry.gauge("jvm_threads_live", "Live platform threads (virtual threads are not counted)", threads::getThreadCount);
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        registry.counter("jvm_gc_collections_total", "Garbage collections, all collectors",
                () -> collectors.stream().mapToLong(gc -> Math.max(0, gc.getCollectionCount())).sum());
        registry.counter("jvm_gc_collection_seconds_total", "Time spent in garbage collections, all collectors, in seconds",
                () -> collectors.stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum() / 1000.0);
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
