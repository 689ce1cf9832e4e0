package scalablechat.session.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** A {@link LogChild} in its own JVM, with the test's classpath; its stdout is read line by line. */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final Path stderr;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread.ofVirtual().start(this::pump);
    }

    static ChildJvm start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                LogChild.class.getName()));
        command.addAll(List.of(args));
        Path stderr = Files.createTempFile(workDir, "child-", ".stderr");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr);
    }

    long pid() {
        return process.pid();
    }

    /** The next line the child printed, failing the test if none comes in time or the child ended. */
    String nextLine() throws Exception {
        String line = lines.poll(LogFiles.WAIT_SECONDS, TimeUnit.SECONDS);
        if (line == null || line.equals(EOF)) {
            fail("child printed " + (line == null ? "nothing in time" : "nothing more") + "; stderr: "
                    + Files.readString(stderr));
        }
        return line;
    }

    /** Every line the child printed until its stdout closed (call after it ended). */
    List<String> remainingLines() throws Exception {
        List<String> rest = new ArrayList<>();
        while (true) {
            String line = lines.poll(LogFiles.WAIT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                fail("child's stdout did not close");
            }
            if (line.equals(EOF)) {
                return rest;
            }
            rest.add(line);
        }
    }

    /** SIGKILL: no shutdown hooks, no flush, no close; the kernel drops the child's locks. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(LogFiles.WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("child " + process.pid() + " did not die");
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child is gone
        } finally {
            lines.add(EOF);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(LogFiles.WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
