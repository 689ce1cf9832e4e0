package scalablechat.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM on this machine, through the JDK's {@code jcmd}: a full GC first, so what
 * remains is what the process really holds. Needs the same user as the target and a JDK (not a bare JRE).
 */
final class HeapProbe {
    private static final long JCMD_TIMEOUT_SECONDS = 60;
    /** {@code used 12345K}, with the unit jcmd picked. */
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    private HeapProbe() {}

    /** Used heap in KB after a full GC, or -1 when jcmd is missing or the target refuses. */
    static long usedAfterGcKB(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return -1;
        }
        if (run(jcmd, pid, "GC.run") == null) {
            return -1;
        }
        String info = run(jcmd, pid, "GC.heap_info");
        return info == null ? -1 : parseUsedKB(info);
    }

    /**
     * Sums the {@code used} figures of the heap's areas in {@code jcmd GC.heap_info} output: one line for G1 and
     * ZGC, one per generation for the serial and parallel collectors. Metaspace follows the heap and is skipped.
     */
    static long parseUsedKB(String heapInfo) {
        long total = 0;
        boolean found = false;
        for (String line : heapInfo.split("\n")) {
            if (line.contains("Metaspace") || line.contains("class space")) {
                break;
            }
            Matcher m = USED.matcher(line);
            if (m.find()) {
                long value = Long.parseLong(m.group(1));
                total += switch (m.group(2)) {
                    case "G" -> value * 1024 * 1024;
                    case "M" -> value * 1024;
                    default -> value;
                };
                found = true;
            }
        }
        return found ? total : -1;
    }

    private static String run(Path jcmd, long pid, String command) {
        Path out = null;
        try {
            // Output goes to a file so a stuck jcmd can only cost the timeout, never a blocked read.
            out = Files.createTempFile("loadtest-jcmd", ".txt");
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            return process.exitValue() == 0 ? Files.readString(out, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a stray temp file is harmless
                }
            }
        }
    }
}
