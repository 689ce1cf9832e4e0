package scalablechat.loadtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU used so far by the tool and by the session servers, per process and per server thread. Two samples give
 * the shares of a period: the check that the tool is not the bottleneck, and which server thread is.
 */
record CpuSample(long wallNanos, long toolNanos, long serverNanos, Map<String, Long> serverThreadTicks,
                 Map<String, Long> toolThreadTicks, ProcFs.MachineTicks machine) {
    /** Threads listed in a report: the busiest few are enough to see the limit. */
    static final int TOP_THREADS = 3;

    static CpuSample take(List<Long> serverPids) {
        long server = 0;
        Map<String, Long> threads = new HashMap<>();
        for (long pid : serverPids) {
            long cpu = ProcFs.cpuNanos(pid);
            server = cpu < 0 || server < 0 ? -1 : server + cpu;
            ProcFs.threadTicks(pid).forEach((name, ticks) -> threads.put(pid + ":" + name, ticks));
        }
        long self = ProcessHandle.current().pid();
        Map<String, Long> own = new HashMap<>();
        ProcFs.threadTicks(self).forEach((name, ticks) -> own.put(self + ":" + name, ticks));
        return new CpuSample(System.nanoTime(), ProcFs.cpuNanos(self), serverPids.isEmpty() ? -1 : server, threads, own,
                ProcFs.machineTicks());
    }

    /**
     * Puts the period's figures into {@code report}: CPU seconds of tool and servers, each as a share of one
     * core, the busiest threads of each ("WebSocketSelect 97%" means the server's selector thread is the limit),
     * and what the rest of the machine used meanwhile (other processes: a figure taken next to a busy
     * neighbour measures the neighbour too).
     */
    void reportUntil(CpuSample end, Report report) {
        double wall = (end.wallNanos - wallNanos) / 1e9;
        double tool = (end.toolNanos - toolNanos) / 1e9;
        report.put("toolCpuSeconds", tool);
        report.put("toolCpuPercent", wall > 0 ? 100 * tool / wall : 0);
        report.put("toolBusiestThreads", busiest(toolThreadTicks, end.toolThreadTicks, wall));
        if (serverNanos >= 0 && end.serverNanos >= 0) {
            double server = (end.serverNanos - serverNanos) / 1e9;
            report.put("serverCpuSeconds", server);
            report.put("serverCpuPercent", wall > 0 ? 100 * server / wall : 0);
            report.put("serverBusiestThreads", busiest(serverThreadTicks, end.serverThreadTicks, wall));
        }
        if (machine.total() >= 0 && end.machine.total() > machine.total()) {
            // In percent of one core, like the figures above: 200 is all of a two-core machine.
            double cores = Runtime.getRuntime().availableProcessors();
            double busy = 100.0 * cores * (end.machine.busy() - machine.busy()) / (end.machine.total() - machine.total());
            report.put("machineCpuPercent", busy);
            double ours = report.number("toolCpuPercent") + (Double.isNaN(report.number("serverCpuPercent"))
                    ? 0 : report.number("serverCpuPercent"));
            report.put("otherCpuPercent", Math.max(0, busy - ours));
        }
    }

    /** The threads that used the most CPU between two samples, each with its share of one core. */
    static String busiest(Map<String, Long> before, Map<String, Long> after, double wallSeconds) {
        List<Map.Entry<String, Long>> used = new ArrayList<>();
        after.forEach((key, ticks) -> {
            long delta = ticks - before.getOrDefault(key, 0L);
            if (delta > 0) {
                used.add(Map.entry(key, delta));
            }
        });
        used.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(TOP_THREADS, used.size()); i++) {
            String key = used.get(i).getKey();
            // key is pid:name/tid; the name is what identifies the role.
            String name = key.substring(key.indexOf(':') + 1, key.lastIndexOf('/'));
            double percent = wallSeconds > 0 ? 100.0 * used.get(i).getValue() / ProcFs.TICKS_PER_SECOND / wallSeconds : 0;
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(name).append(' ').append(String.format(Locale.ROOT, "%.0f%%", percent));
        }
        return out.toString();
    }
}
