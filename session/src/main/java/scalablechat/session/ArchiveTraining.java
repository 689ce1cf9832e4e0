package scalablechat.session;

import scalablechat.common.ClassDataArchive;
import scalablechat.common.Env;
import scalablechat.common.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the session server's class-data archive ({@link ClassDataArchive}):
 * {@code java -cp dist/session.jar scalablechat.session.ArchiveTraining dist/session.jar} starts a training JVM
 * on that jar with {@link ClassDataArchive#trainingOptions}, which writes what it loaded, linked and profiled
 * into the archive as it exits. The training JVM (this class without arguments) starts a server on free
 * loopback ports in a temporary data directory and goes through what a freshly started server does first:
 * answer {@code /readyz}, a status call and a scrape, open a room, take a connection, a join and a message.
 * Exits 0 once the archive is written; 1, leaving no archive, when training failed.
 */
public final class ArchiveTraining {
    /** Every wait of the training run; generous, because builds run next to other work. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The whole training JVM, archive writing included (a few seconds on an idle machine). */
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);
    private static final String ROOM = "archive-training";
    private static final String USER = "trainer";

    private ArchiveTraining() {}

    public static void main(String[] args) {
        if (args.length == 1) {
            System.exit(write(Path.of(args[0])) ? 0 : 1);
        } else if (args.length != 0) {
            System.err.println("usage: java -cp session.jar " + ArchiveTraining.class.getName() + " <session.jar>");
            System.exit(2);
        }
        Path dataDir = null;
        int status = 0;
        try {
            dataDir = Files.createTempDirectory("scalablechat-archive-training");
            train(dataDir);
            System.out.println("archive training: the server started, answered and chatted");
        } catch (Exception e) {
            System.err.println("archive training: " + e);
            status = 1;
        } finally {
            deleteTree(dataDir);
        }
        // The JVM writes the archive as it exits; exiting here does not wait for stray non-daemon threads.
        System.exit(status);
    }

    /**
     * Runs a training JVM on {@code jar}, its output passed through; true once it wrote the archive. A failed
     * run leaves no archive behind, so launchers start servers without one rather than with a partial one.
     */
    static boolean write(Path jar) {
        Path archive = ClassDataArchive.archiveFor(jar, Runtime.version().feature());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ClassDataArchive.trainingOptions(jar));
        command.addAll(List.of("-cp", jar.toString(), ArchiveTraining.class.getName()));
        try {
            Files.deleteIfExists(archive);
            Process training = new ProcessBuilder(command).inheritIO().start();
            if (!training.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                training.destroyForcibly().waitFor();
                throw new IOException("training did not finish within " + TRAINING_TIMEOUT.toSeconds() + " s");
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(archive)) {
                throw new IOException("training exited with " + training.exitValue()
                        + (Files.isRegularFile(archive) ? "" : " and wrote no archive"));
            }
            System.out.println("archive training: wrote " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
            return true;
        } catch (IOException e) {
            System.err.println("archive training: no archive for " + jar + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            System.err.println("archive training: cannot remove " + archive + ": " + e.getMessage());
        }
        return false;
    }

    private static void train(Path dataDir) throws Exception {
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        SessionConfig config = SessionConfig.from(new Env(Map.of(
                SessionConfig.PORT, "0",
                SessionConfig.JWT_SECRET, secret,
                SessionConfig.DATA_DIR, dataDir.toString())));
        Tokens tokens = new Tokens(secret);
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
        try (SessionServer server = SessionServer.start(config)) {
            String internal = "http://127.0.0.1:" + server.internalPort();
            expect(200, http, HttpRequest.newBuilder(URI.create(internal + "/readyz")));
            expect(200, http, HttpRequest.newBuilder(URI.create(internal + "/internal/status"))
                    .header("Authorization", "Bearer " + tokens.internalToken()));
            expect(200, http, HttpRequest.newBuilder(URI.create(internal + "/internal/rooms/" + ROOM))
                    .header("Authorization", "Bearer " + tokens.internalToken())
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            chat(http, tokens, "127.0.0.1:" + server.port());
            expect(200, http, HttpRequest.newBuilder(URI.create(internal + "/metrics")));
        } finally {
            http.shutdownNow();
        }
    }

    /** Joins the room and sends one message; returns once it came back. */
    private static void chat(HttpClient http, Tokens tokens, String host) throws Exception {
        CompletableFuture<Void> echoed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    if (text.indexOf("\"type\":\"message\"") >= 0) {
                        echoed.complete(null);
                    }
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                echoed.completeExceptionally(new IOException("closed with " + code + " " + reason));
                return null;
            }
        };
        URI uri = URI.create("ws://" + host + "/?token=" + tokens.sessionToken(USER, ROOM, host));
        WebSocket socket = http.newWebSocketBuilder().subprotocols(WireProtocol.V2.subprotocol())
                .connectTimeout(WAIT).buildAsync(uri, listener).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        socket.sendText("{\"type\":\"send\",\"text\":\"hello\",\"cid\":\"training-1\"}", true);
        echoed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void expect(int status, HttpClient http, HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IOException(response.request().uri().getPath() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a stray temporary directory is harmless
        }
    }
}
