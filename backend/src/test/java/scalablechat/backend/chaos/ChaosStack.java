package scalablechat.backend.chaos;

import scalablechat.common.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The system under test of a chaos run, whatever its scheduler, and the faults that can be done to it. */
interface ChaosStack extends AutoCloseable {
    /** Starts a stack in {@code workDir} with {@code settings} (session and scheduler settings). */
    @FunctionalInterface
    interface Starter {
        ChaosStack start(Path workDir, Map<String, String> settings) throws Exception;
    }

    URI base();

    Tokens tokens();

    /** Whether the session servers left anything in DATA_DIR, i.e. keep room history on disk. */
    boolean historyOnDisk() throws IOException;

    /** SIGKILLs the session server serving {@code host}; false when no such process runs. */
    boolean killSessionServer(String host);

    /** Asks the session server serving {@code host} to drain, as an operator would. */
    void drainSessionServer(String host) throws IOException, InterruptedException;

    /** SIGKILLs the backend and starts a new one on the same port. */
    void restartBackend() throws IOException, InterruptedException;

    @Override
    void close() throws Exception;

    /** The session servers' internal port is their WebSocket port plus this. */
    int INTERNAL_PORT_OFFSET = scalablechat.common.contract.SessionPorts.INTERNAL_PORT_OFFSET;

    /** Whether anything was written below {@code dataDir}: the session servers keep room history on disk. */
    static boolean anyFileIn(Path dataDir) throws IOException {
        try (var files = Files.walk(dataDir)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    /** {@code POST /internal/drain} to the session server serving {@code host}, as an operator would. */
    static void drainOverInternalPort(HttpClient http, Tokens tokens, String host) throws IOException, InterruptedException {
        int port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)) + INTERNAL_PORT_OFFSET;
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/drain"))
                        .header("Authorization", "Bearer " + tokens.internalToken())
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IOException("drain of " + host + " answered " + response.statusCode() + " " + response.body());
        }
    }
}
