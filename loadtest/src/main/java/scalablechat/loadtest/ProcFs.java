package scalablechat.loadtest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Linux's /proc says about a process: resident memory, CPU time per thread, and which process listens on
 * a TCP port. Everything here returns empty or -1 rather than failing, because these figures are extras
 * (another user's process, or a system without /proc, simply has none).
 */
final class ProcFs {
    /** Linux reports per-thread CPU in clock ticks of USER_HZ, which is 100 on every mainstream build. */
    static final long TICKS_PER_SECOND = 100;
    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN_STATE = "0A";

    private ProcFs() {}

    /** VmRSS in KB, or -1. */
    static long residentKB(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return parseKB(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no such process or no permission: no figure
        }
        return -1;
    }

    static long parseKB(String statusLine) {
        String[] parts = statusLine.trim().split("\\s+");
        return Long.parseLong(parts[1]);
    }

    /** The whole machine's CPU ticks since boot, busy and in all, from the first line of /proc/stat. */
    record MachineTicks(long busy, long total) {}

    static MachineTicks machineTicks() {
        try {
            for (String line : Files.readAllLines(PROC.resolve("stat"))) {
                if (line.startsWith("cpu ")) {
                    return parseMachineTicks(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc
        }
        return new MachineTicks(-1, -1);
    }

    /** {@code cpu user nice system idle iowait irq softirq steal ...}: busy is everything but idle and iowait. */
    static MachineTicks parseMachineTicks(String line) {
        String[] f = line.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new MachineTicks(total - idle, total);
    }

    /** Total CPU time (user + system) of a process in nanoseconds, or -1. */
    static long cpuNanos(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(d -> d.toNanos())
                .orElse(-1L);
    }

    /** CPU ticks of every thread, keyed {@code "name/tid"}. Empty when unreadable. */
    static Map<String, Long> threadTicks(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    ThreadStat stat = parseStat(Files.readString(task.resolve("stat")));
                    ticks.put(stat.name() + "/" + task.getFileName(), stat.ticks());
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    record ThreadStat(String name, long ticks) {}

    /** Parses {@code /proc/<pid>/task/<tid>/stat}: the name is in parentheses and may itself hold spaces. */
    static ThreadStat parseStat(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        String[] rest = stat.substring(close + 2).trim().split(" ");
        // rest[0] is field 3 (state); utime and stime are fields 14 and 15.
        long utime = Long.parseLong(rest[11]);
        long stime = Long.parseLong(rest[12]);
        return new ThreadStat(name, utime + stime);
    }

    /** The process listening on TCP {@code port} (IPv4 or IPv6), found through its socket's inode. */
    static Optional<Long> listeningPid(int port) {
        String inode = null;
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                inode = listeningInode(Files.readAllLines(PROC.resolve(table)), port);
            } catch (IOException e) {
                continue;
            }
            if (inode != null) {
                break;
            }
        }
        if (inode == null) {
            return Optional.empty();
        }
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (target.equals(Files.readSymbolicLink(fd).toString())) {
                                return Optional.of(Long.parseLong(process.getFileName().toString()));
                            }
                        } catch (IOException e) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // not ours to read, or gone
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The inode of the socket listening on {@code port} in a /proc/net/tcp table, or null. */
    static String listeningInode(List<String> table, int port) {
        String portHex = String.format("%04X", port);
        for (String line : table.subList(Math.min(1, table.size()), table.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            String local = f[1];
            if (local.endsWith(":" + portHex) && LISTEN_STATE.equals(f[3])) {
                return f[9];
            }
        }
        return null;
    }
}
