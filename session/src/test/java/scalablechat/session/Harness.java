package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import scalablechat.common.Env;
import scalablechat.common.Tokens;
import scalablechat.session.room.MessageLogs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/** A real session server on free loopback ports, and the means to reach it, for one test. */
final class Harness implements AutoCloseable {
    static final String SECRET = "test-secret-0123456789-0123456789-abcdef";
    static final String V2 = "scalable-chat.v2";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final SessionServer server;
    final Tokens tokens = new Tokens(SECRET);
    /** The temporary DATA_DIR this harness made and deletes, or null when the test gave one. */
    private final Path ownDataDir;

    private Harness(SessionServer server, Path ownDataDir) {
        this.server = server;
        this.ownDataDir = ownDataDir;
    }

    static Harness start() throws Exception {
        return start(Map.of());
    }

    /**
     * Starts a server on port 0 with the given settings over the defaults. Unless the settings name a
     * DATA_DIR, it gets a temporary one of its own (deleted on close) and FSYNC=never, for speed.
     */
    static Harness start(Map<String, String> settings) throws Exception {
        Path ownDataDir = settings.containsKey("DATA_DIR") ? null : Files.createTempDirectory("session-test-");
        try {
            return new Harness(SessionServer.start(config(settings, ownDataDir)), ownDataDir);
        } catch (Exception | Error e) {
            deleteTree(ownDataDir);
            throw e;
        }
    }

    /** A server whose rooms keep their messages in the logs {@code logs} opens. */
    static Harness start(Map<String, String> settings, MessageLogs logs) throws Exception {
        return new Harness(SessionServer.start(config(settings, null), logs), null);
    }

    private static SessionConfig config(Map<String, String> settings, Path ownDataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("JWT_SECRET", SECRET);
        // Every test client comes from loopback, and some tests open 100 sockets at once.
        env.put("MAX_PENDING_HANDSHAKES_PER_IP", "500");
        // Tests that send fast raise SEND_RATE_*; the room's own cap is tested where it is set.
        env.put("ROOM_SEND_RATE_PER_SECOND", "10000000");
        env.put("ROOM_SEND_BURST", "10000000");
        // Leaves are announced at once, as most tests expect; PresenceGraceTest sets a grace.
        env.put("PRESENCE_GRACE_SECONDS", "0");
        // No pings between the frames tests expect; HeartbeatTest turns them on.
        env.put("HEARTBEAT_SECONDS", "0");
        if (ownDataDir != null) {
            env.put("DATA_DIR", ownDataDir.toString());
            env.put("FSYNC", "never");
        }
        env.putAll(settings);
        return SessionConfig.from(new Env(env));
    }

    /** What the JDK client sends as Host, which is what tokens must name when PUBLIC_HOST is unset. */
    String host() {
        return "127.0.0.1:" + server.port();
    }

    String token(String userId, String roomId) {
        return tokens.sessionToken(userId, roomId, host());
    }

    URI uri(String query) {
        return URI.create("ws://127.0.0.1:" + server.port() + "/?" + query);
    }

    URI uri(String userId, String roomId) {
        return uri("token=" + URLEncoder.encode(token(userId, roomId), StandardCharsets.UTF_8));
    }

    URI uri(String userId, String roomId, long since) {
        return uri("token=" + URLEncoder.encode(token(userId, roomId), StandardCharsets.UTF_8) + "&since=" + since);
    }

    TestClient v2(String userId, String roomId) throws Exception {
        return TestClient.connect(uri(userId, roomId), V2);
    }

    TestClient original(String userId, String roomId) throws Exception {
        return TestClient.connect(uri(userId, roomId), null);
    }

    /** A v2 client whose welcome has been read and checked. */
    TestClient joinedV2(String userId, String roomId) throws Exception {
        TestClient client = v2(userId, roomId);
        client.expect("welcome");
        return client;
    }

    record Answer(int status, JsonObject json, HttpResponse<String> response) {}

    /** Calls the internal port with a valid internal token. */
    Answer internal(String method, String path) throws Exception {
        return internal(method, path, "Bearer " + tokens.internalToken());
    }

    Answer internal(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.internalPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject json = response.body().startsWith("{") ? Json.parse(response.body()).asObject() : null;
        return new Answer(response.statusCode(), json, response);
    }

    JsonObject status() throws Exception {
        return internal("GET", "/internal/status").json();
    }

    /** The room's entry in /internal/status, or null when it is not open. */
    JsonObject roomStatus(String roomId) throws Exception {
        for (var room : status().get("roomList").asArray()) {
            if (room.asObject().getString("roomId", "").equals(roomId)) {
                return room.asObject();
            }
        }
        return null;
    }

    /** Polls /internal/status until the room has {@code connections} connections (rooms change asynchronously). */
    void awaitConnections(String roomId, int connections) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject room = roomStatus(roomId);
            if (room != null && room.getInt("connections", -1) == connections) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("room " + roomId + " did not reach " + connections + " connections: " + roomStatus(roomId));
    }

    /** The value of a gauge or counter at /metrics. */
    long metric(String name) throws Exception {
        String body = internal("GET", "/metrics", null).response().body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    void awaitMetric(String name, long value) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (metric(name) != value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " is " + metric(name) + ", expected " + value);
            }
            Thread.sleep(20);
        }
    }

    void awaitPendingHandshakes(int count) throws Exception {
        awaitMetric("session_pending_handshakes", count);
    }

    @Override
    public void close() {
        server.close();
        deleteTree(ownDataDir);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
