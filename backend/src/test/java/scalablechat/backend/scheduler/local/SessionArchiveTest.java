package scalablechat.backend.scheduler.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.chaos.SessionJar;
import scalablechat.common.ClassDataArchive;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The session server's class-data archive end to end: the training run writes it next to a copy of the jar,
 * the local scheduler's command for its children uses it, a child started so is ready and shares classes, and
 * a child whose archive was damaged still becomes ready and says that it runs without one.
 */
class SessionArchiveTest {
    /** Generous: training and JVM starts next to other builds on two cores. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SHARING_OFF = "class-data sharing is off";

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        http.shutdownNow();
    }

    @Test
    void childrenStartWithTheArchiveAndWithoutAUsableOne() throws Exception {
        Path jar = Files.copy(SessionJar.locate(), dir.resolve("session.jar"), StandardCopyOption.REPLACE_EXISTING);
        Path archive = ClassDataArchive.archiveFor(jar, Runtime.version().feature());

        Process training = new ProcessBuilder(java(), "-cp", jar.toString(),
                "scalablechat.session.ArchiveTraining", jar.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile()).start();
        started.add(training);
        assertTrue(training.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "training did not finish");
        assertEquals(0, training.exitValue(), Files.readString(dir.resolve("training.log")));
        assertTrue(Files.size(archive) > 0, "the training run wrote " + archive);

        List<String> command = LocalSchedulerConfig.from(Map.of("JWT_SECRET", "archive-test-secret-0123456789abcdef",
                "SESSION_JAR", jar.toString(), "DATA_DIR", dir.resolve("data").toString())).sessionCommand();
        assertTrue(command.contains("-XX:" + (archive.toString().endsWith(".aot") ? "AOTCache=" : "SharedArchiveFile=")
                + archive.toAbsolutePath()), "children use the archive: " + command);

        String withArchive = startUntilReady(command, "with-archive");
        assertFalse(withArchive.contains(SHARING_OFF), withArchive);

        Files.write(archive, "not an archive, but newer than the jar".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        String damaged = startUntilReady(command, "damaged-archive");
        assertTrue(damaged.contains(SHARING_OFF), "the server says it runs without sharing: " + damaged);
        assertFalse(damaged.contains("[error"), "the JVM's own complaint is silenced: " + damaged);
    }

    /** Starts the command as a session server, waits for /readyz 200, stops it; returns what it printed. */
    private String startUntilReady(List<String> command, String name) throws Exception {
        int port = freePort();
        int internalPort = freePort();
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = new HashMap<>(Map.of("PORT", Integer.toString(port),
                "INTERNAL_PORT", Integer.toString(internalPort), "JWT_SECRET", "archive-test-secret-0123456789abcdef",
                "DATA_DIR", dir.resolve(name).toString()));
        builder.environment().putAll(env);
        Process server = builder.start();
        started.add(server);
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean ready = false;
        while (!ready && server.isAlive() && System.nanoTime() < deadline) {
            try {
                ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internalPort + "/readyz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                Thread.sleep(50); // not listening yet
            }
        }
        assertTrue(ready, name + ": not ready: " + Files.readString(log));
        server.destroy();
        assertTrue(server.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), name + " did not stop on SIGTERM");
        return Files.readString(log);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
