package scalablechat.backend.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What tests need to know about processes they did not start themselves (Linux, through /proc). */
public final class Processes {
    private Processes() {}

    /** Whether the process runs: it exists and is not a zombie (a dead process not yet reaped). */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            // "pid (command) S ...": the state follows the last parenthesis, the command may contain spaces
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the process no longer runs; false if it still does after {@code timeout}. */
    public static boolean awaitGone(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** A variable from the environment the process was started with. */
    public static Optional<String> environment(long pid, String name) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/environ"));
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(name + "=")) {
                    return Optional.of(entry.substring(name.length() + 1));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Optional.empty();
    }
}
