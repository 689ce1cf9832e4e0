package scalablechat.session;

import scalablechat.common.Tokens;
import scalablechat.session.room.Member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session server in a JVM of its own ({@link SessionMain} on the test's classpath), so a test can kill it
 * with SIGKILL: no shutdown hook, no close, and the kernel drops its file locks.
 */
final class SessionProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("\\(port (\\d+)\\), internal http port (\\d+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CompletableFuture<int[]> ports = new CompletableFuture<>();
    private final Tokens tokens = new Tokens(Harness.SECRET);

    private SessionProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::readOutput);
    }

    /** Starts a server on free ports with {@code settings} over PORT=0 and the test secret; waits until it listens. */
    static SessionProcess start(Path dataDir, Map<String, String> settings) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SessionMain.class.getName());
        builder.environment().clear();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("JWT_SECRET", Harness.SECRET);
        env.put("DATA_DIR", dataDir.toString());
        env.putAll(settings);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        SessionProcess child = new SessionProcess(builder.start());
        try {
            child.ports.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            child.close();
            throw new AssertionError("the session server did not start: " + child.output(), e);
        }
        return child;
    }

    int port() {
        return ports.join()[0];
    }

    int internalPort() {
        return ports.join()[1];
    }

    long pid() {
        return process.pid();
    }

    /** The host clients dial, which tokens must name. */
    String host() {
        return "127.0.0.1:" + port();
    }

    URI uri(String userId, String roomId, long since) {
        String token = tokens.sessionToken(userId, roomId, host());
        return URI.create("ws://" + host() + "/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (since == Member.NO_SINCE ? "" : "&since=" + since));
    }

    /** Waits for the process to exit on its own; its status, or -1 when it still runs after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS), "the child did not die");
    }

    /** What the process printed so far. */
    synchronized String output() {
        return String.join("\n", output);
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    ports.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            ports.completeExceptionally(new IOException("the process ended"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
