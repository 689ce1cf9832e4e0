package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.BackendConfig;
import scalablechat.backend.BackendServer;
import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tiny runs of every scenario against a real backend and a real session server, started in this JVM on free
 * loopback ports, through the tool's command line. They prove the tool counts what arrives (every delivery,
 * nothing missing, nothing unexpected) and fails clearly when the stack says no; they time nothing.
 */
class LoadToolStackTest {
    private static final String SECRET = "loadtest-secret-0123456789-0123456789-abcdef";
    @TempDir
    static Path clientDir;
    @TempDir
    static Path dataDir;
    private static final List<AutoCloseable> servers = new ArrayList<>();
    private static String backendUrl;

    @BeforeAll
    static void startStack() throws Exception {
        backendUrl = stack(Map.of("ROOMS_PER_SERVER", "100", "SEND_RATE_PER_SECOND", "10000",
                "SEND_RATE_BURST", "10000", "ROOM_SEND_RATE_PER_SECOND", "1000000", "ROOM_SEND_BURST", "1000000"));
    }

    /** A session server with {@code settings} and a backend in front of it; returns the backend's URL. */
    private static String stack(Map<String, String> settings) throws Exception {
        Map<String, String> sessionEnv = new HashMap<>(settings);
        sessionEnv.put("PORT", "0");
        sessionEnv.put("INTERNAL_PORT", "0");
        sessionEnv.put("JWT_SECRET", SECRET);
        // Each stack its own directory: two session servers must not hold the same rooms' logs.
        sessionEnv.put("DATA_DIR", dataDir.resolve("stack-" + servers.size()).toString());
        SessionServer session = SessionServer.start(SessionConfig.from(new Env(sessionEnv)));
        servers.add(session);
        BackendServer backend = BackendServer.start(BackendConfig.from(new Env(Map.of(
                "PORT", "0",
                "JWT_SECRET", SECRET,
                "SESSION_SERVER_HOST", "localhost:" + session.port() + "@" + session.internalPort(),
                "CLIENT_DIR", clientDir.toString(),
                "ROOM_CREATES_PER_USER", "1000000",
                "ROOM_CREATES_PER_ADDRESS", "1000000"))));
        servers.add(backend);
        return "http://127.0.0.1:" + backend.port();
    }

    @AfterAll
    static void stopStack() throws Exception {
        for (AutoCloseable server : servers.reversed()) {
            server.close();
        }
    }

    @Test
    void burstInV2DeliversEveryMessageToEveryMember() {
        JsonObject r = run(0, "burst", "--rooms", "2", "--users", "5", "--messages", "20", "--protocol", "v2");
        assertEquals("burst", r.getString("scenario", ""));
        assertEquals(40, r.getLong("messagesSent", -1));
        assertEquals(200, r.getLong("deliveries", -1)); // 2 rooms x 20 messages x 5 members, the sender included
        assertEquals(200, r.getLong("expectedDeliveries", -1));
        assertEquals(0, r.getLong("missingDeliveries", -1));
        assertClean(r);
        assertTrue(r.getDouble("p50Ms", 0) > 0);
        assertTrue(r.getDouble("maxMs", 0) >= r.getDouble("p99Ms", 0));
        assertTrue(r.getDouble("deliveriesPerSecond", 0) > 0);
        // Each v2 delivery is one small event carrying the 64-character text.
        assertTrue(r.getLong("bytesReceived", 0) > 200 * 64, r.toString());
        assertTrue(r.getDouble("serverCpuSeconds", -1) >= 0, "the server's process was found");
        assertTrue(r.getString("roomsByServer", "").matches("localhost:\\d+=2"), r.toString());
    }

    @Test
    void burstInTheOriginalProtocolReadsSnapshots() {
        JsonObject r = run(0, "burst", "--rooms", "2", "--users", "5", "--messages", "20", "--protocol", "original");
        assertEquals(200, r.getLong("deliveries", -1));
        assertEquals(0, r.getLong("missingDeliveries", -1));
        assertClean(r);
        // Every delivery is a snapshot of the room so far: on average about half the messages again.
        assertTrue(r.getLong("bytesReceived", 0) > 200 * 64 * 5, r.toString());
    }

    @Test
    void pacedSendsAtTheRateAndDeliversEverythingAfterTheWarmup() {
        JsonObject r = run(0, "paced", "--rooms", "2", "--users", "3", "--rate", "20", "--duration", "1",
                "--warmup", "10");
        assertEquals(10, r.getLong("warmupPerRoom", -1));
        long sent = r.getLong("messagesSent", -1); // the warm-up's 2 x 10 messages are not counted
        assertTrue(sent >= 38 && sent <= 40, "2 rooms x 20/s x 1 s, got " + sent);
        assertEquals(sent * 3, r.getLong("deliveries", -1));
        assertEquals(0, r.getLong("missingDeliveries", -1));
        assertClean(r);
    }

    /**
     * The original server keeps 100 messages a room and ignores every later send, so a warm-up in the measured rooms
     * left them mute there. The warm-up now has rooms of its own: twice the rooms are opened, and the measured
     * rooms deliver everything.
     */
    @Test
    void theWarmupHasRoomsOfItsOwn() throws Exception {
        long before = openRooms();
        JsonObject r = run(0, "paced", "--rooms", "2", "--users", "3", "--rate", "20", "--duration", "1",
                "--warmup", "10", "--protocol", "original");
        assertEquals(4, openRooms() - before, "two warm-up rooms and two measured ones");
        assertEquals(r.getLong("messagesSent", -1) * 3, r.getLong("deliveries", -1));
        assertEquals(0, r.getLong("missingDeliveries", -1));
        assertClean(r);
    }

    private static long openRooms() throws Exception {
        SessionServer session = (SessionServer) servers.get(0);
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + session.internalPort() + "/internal/status"))
                .header("Authorization", "Bearer " + new scalablechat.common.Tokens(SECRET).internalToken()).build();
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            String body = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return Json.parse(body).asObject().getLong("rooms", -1);
        }
    }

    @Test
    void rampStepsUpUntilTheMaximumRateWhenEveryStepHolds() {
        JsonObject r = run(0, "ramp", "--rooms", "1", "--users", "3", "--rate", "10", "--ramp-factor", "2",
                "--step", "0.5", "--max-rate", "40", "--p99-bound-ms", "5000");
        assertEquals(3, r.get("steps").asArray().size()); // 10, 20, 40
        assertEquals(40.0, r.getDouble("heldRatePerRoom", 0));
        assertTrue(r.getDouble("heldDeliveriesPerSecond", 0) > 0);
        for (var step : r.get("steps").asArray()) {
            assertTrue(step.asObject().getBoolean("held", false), step.toString());
            assertEquals(0, step.asObject().getLong("missing", -1));
        }
        assertClean(r);
    }

    @Test
    void rampStopsAfterAStepFailsTwice() {
        // No delivery through a server takes under 10 microseconds: every step fails its bound.
        JsonObject r = run(0, "ramp", "--rooms", "1", "--users", "2", "--rate", "10", "--step", "0.5",
                "--p99-bound-ms", "0.01");
        assertEquals(2, r.get("steps").asArray().size());
        assertEquals(0.0, r.getDouble("heldDeliveriesPerSecond", -1));
        for (var step : r.get("steps").asArray()) {
            assertFalse(step.asObject().getBoolean("held", true));
            assertEquals(10.0, step.asObject().getDouble("ratePerRoom", 0));
        }
    }

    @Test
    void idleHoldsEveryConnectionAndReadsTheServersMemory() {
        long self = ProcessHandle.current().pid(); // the servers run in this JVM
        JsonObject r = run(0, "idle", "--rooms", "2", "--users", "10", "--hold", "0.2", "--server-pid",
                Long.toString(self));
        assertEquals(20, r.getLong("connections", -1));
        assertEquals(20, r.getLong("openAfterHold", -1));
        assertTrue(r.getLong("serverRssLoadedKB", -1) > 0);
        assertTrue(r.getLong("serverHeapLoadedKB", -1) > 0, "jcmd read the heap: " + r);
        assertNotEquals(-1.0, r.getDouble("heapPerConnectionKB", -1));
        assertClean(r);
    }

    @Test
    void churnJoinsAndLeavesWhileMembersChat() {
        JsonObject r = run(0, "churn", "--rooms", "2", "--users", "3", "--rate", "10", "--duration", "1",
                "--churn-rate", "6", "--churn-stay", "0.2");
        assertEquals(6, r.getLong("joins", -1));
        assertEquals(0, r.getLong("failedJoins", -1));
        assertTrue(r.getDouble("joinP50Ms", 0) > 0);
        assertEquals(0, r.getLong("missingDeliveries", -1));
        assertClean(r);
    }

    @Test
    void startupTimesTheSessionServerJar() {
        Path jar = Path.of("../session/target/session.jar");
        assumeTrue(Files.isRegularFile(jar), "needs the packaged session server (a full reactor build)");
        JsonObject r = run(0, "startup", "--jar", jar.toString(), "--runs", "2");
        assertEquals(2, r.getLong("runs", -1));
        assertEquals("/readyz", r.getString("readyPath", ""));
        assertTrue(r.getDouble("startupMedianMs", 0) > 0);
    }

    @Test
    void aFullServerStopsTheRunWithTheBackendsAnswer() throws Exception {
        String full = stack(Map.of("ROOMS_PER_SERVER", "1"));
        Output output = invoke("burst", "--backend", full, "--rooms", "2", "--users", "1");
        assertEquals(1, output.status(), output.err());
        assertTrue(output.err().contains("POST /api/rooms answered 503"), output.err());
    }

    @Test
    void nothingListeningIsAClearFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Output output = invoke("burst", "--backend", "http://127.0.0.1:" + port, "--rooms", "1", "--users", "1");
        assertEquals(1, output.status());
        assertTrue(output.err().startsWith("loadtest: POST /api/login failed"), output.err());
        assertEquals("", output.out());
    }

    @Test
    void badUsageIsStatusTwo() {
        Output output = invoke("burst", "--rooms", "zero");
        assertEquals(2, output.status());
        assertTrue(output.err().contains("--rooms must be a whole number"), output.err());
    }

    private static void assertClean(JsonObject r) {
        assertEquals(0, r.getLong("errors", -1), r.toString());
        assertEquals(0, r.getLong("unexpectedCloses", -1), r.toString());
        assertNull(r.get("problems"), r.toString());
    }

    /** Runs the tool against the shared stack; returns its JSON line after checking the table came first. */
    private static JsonObject run(int expectedStatus, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("startup")) {
            all.addAll(List.of("--backend", backendUrl, "--timeout", "30"));
        }
        Output output = invoke(all.toArray(String[]::new));
        assertEquals(expectedStatus, output.status(), output.err());
        String[] lines = output.out().strip().split("\n");
        assertTrue(lines.length > 3, output.out());
        assertTrue(lines[0].startsWith(args[0] + " ("), lines[0]);
        return Json.parse(lines[lines.length - 1]).asObject();
    }

    private record Output(int status, String out, String err) {}

    private static Output invoke(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LoadTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Output(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
