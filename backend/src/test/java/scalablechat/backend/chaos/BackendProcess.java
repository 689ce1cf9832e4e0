package scalablechat.backend.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A backend running as a real child process of the test (so it can be killed with SIGKILL and its own
 * children watched), started from the test class path. Its output, and its session servers', goes to
 * {@code log}.
 */
public final class BackendProcess implements AutoCloseable {
    public static final String MAIN_CLASS = "scalablechat.backend.BackendMain";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI base;

    private BackendProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Starts a backend with {@code env} (PORT among it) and waits until its /healthz answers. */
    public static BackendProcess start(Map<String, String> env, Path log) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classPath, MAIN_CLASS))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        URI base = URI.create("http://127.0.0.1:" + env.get("PORT"));
        BackendProcess backend = new BackendProcess(process, base);
        backend.awaitHealthy(log);
        return backend;
    }

    private void awaitHealthy(Path log) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("backend exited with " + process.exitValue() + " at start; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/healthz"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("backend not healthy after " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    public URI base() {
        return base;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGKILL: no shutdown hook runs, nothing is cleaned up by the backend itself. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
