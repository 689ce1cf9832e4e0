package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalablechat.common.Tokens;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The internal HTTP port: health, readiness, status, room admission and lookup, auth. */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class InternalApiTest {
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start(Map.of("ROOMS_PER_SERVER", "2"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void portsAreSeparateAndReal() {
        assertNotEquals(0, harness.server.port());
        assertNotEquals(0, harness.server.internalPort());
        assertNotEquals(harness.server.port(), harness.server.internalPort());
    }

    @Test
    void healthAndReadinessAreOpen() throws Exception {
        Harness.Answer health = harness.internal("GET", "/healthz", null);
        assertEquals(200, health.status());
        assertEquals("ok", health.json().getString("status", null));
        Harness.Answer ready = harness.internal("GET", "/readyz", null);
        assertEquals(200, ready.status());
        assertTrue(ready.json().getBoolean("ready", false));
        Harness.Answer metrics = harness.internal("GET", "/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.response().body().contains("session_rooms 0"), metrics.response().body());
    }

    @Test
    void internalEndpointsNeedAnInternalToken() throws Exception {
        assertEquals(401, harness.internal("GET", "/internal/status", null).status());
        assertEquals(401, harness.internal("GET", "/internal/status", "Bearer nonsense").status());
        String userToken = harness.tokens.userToken("alice");
        assertEquals(401, harness.internal("GET", "/internal/status", "Bearer " + userToken).status());
        String otherSecret = new Tokens("other-secret").internalToken();
        Harness.Answer answer = harness.internal("PUT", "/internal/rooms/r1", "Bearer " + otherSecret);
        assertEquals(401, answer.status());
        assertTrue(answer.json().getString("error", "").contains("bad signature"));
        assertEquals(0, harness.status().getInt("rooms", -1), "a refused call changes nothing");
    }

    @Test
    void statusDescribesRoomsUsersAndConnections() throws Exception {
        JsonObject empty = harness.status();
        assertEquals("ready", empty.getString("state", null));
        assertEquals(0, empty.getInt("rooms", -1));
        assertEquals(2, empty.getInt("maxRooms", -1));
        assertEquals("localhost:" + harness.server.port(), empty.getString("host", null));

        try (TestClient a1 = harness.joinedV2("alice", "r1");
             TestClient a2 = harness.joinedV2("alice", "r1");
             TestClient b = harness.joinedV2("bob", "r1")) {
            harness.awaitConnections("r1", 3);
            JsonObject status = harness.status();
            assertEquals(1, status.getInt("rooms", -1));
            assertEquals(2, status.getInt("users", -1));
            assertEquals(3, status.getInt("connections", -1));
            JsonObject room = status.get("roomList").asArray().get(0).asObject();
            assertEquals("r1", room.getString("roomId", null));
            assertEquals(2, room.getInt("users", -1));
        }
        harness.awaitConnections("r1", 0);
        assertEquals(1, harness.status().getInt("rooms", -1), "an empty room stays open (and shows)");
    }

    @Test
    void admissionIsAtomicAgainstRoomsPerServer() throws Exception {
        Harness.Answer first = harness.internal("PUT", "/internal/rooms/r1");
        assertEquals(200, first.status());
        assertTrue(first.json().getBoolean("created", false));
        Harness.Answer again = harness.internal("PUT", "/internal/rooms/r1");
        assertEquals(200, again.status());
        assertFalse(again.json().getBoolean("created", true), "already open is not an error");
        assertEquals(200, harness.internal("PUT", "/internal/rooms/r2").status());
        Harness.Answer full = harness.internal("PUT", "/internal/rooms/r3");
        assertEquals(503, full.status());
        assertEquals("server full", full.json().getString("error", null));
        assertEquals(2, harness.status().getInt("rooms", -1));
    }

    @Test
    void roomLookup() throws Exception {
        Harness.Answer missing = harness.internal("GET", "/internal/rooms/r1");
        assertEquals(404, missing.status());
        assertEquals("room not open here", missing.json().getString("error", null));
        assertFalse(missing.json().getBoolean("stored", true));

        harness.internal("PUT", "/internal/rooms/r1");
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            harness.awaitConnections("r1", 1);
            Harness.Answer open = harness.internal("GET", "/internal/rooms/r1");
            assertEquals(200, open.status());
            assertTrue(open.json().getBoolean("open", false));
            assertEquals(1, open.json().getInt("users", -1));
        }
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        assertEquals(400, harness.internal("PUT", "/internal/rooms/bad%20id").status());
        assertEquals(400, harness.internal("PUT", "/internal/rooms/" + "x".repeat(65)).status());
        assertEquals(404, harness.internal("GET", "/internal/nothing").status());
        assertEquals(404, harness.internal("GET", "/nothing", null).status());
        Harness.Answer wrongMethod = harness.internal("DELETE", "/internal/rooms/r1");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, PUT", wrongMethod.response().headers().firstValue("Allow").orElse(""));
        assertTrue(wrongMethod.json().getString("error", "").contains("DELETE"));
        assertEquals(405, harness.internal("POST", "/healthz", null).status());
        assertEquals(405, harness.internal("GET", "/internal/drain").status());
    }

    @Test
    void closeIsPromptAndIdempotent() throws Exception {
        TestClient alice = harness.joinedV2("alice", "r1");
        harness.close();
        harness.close();
        assertTrue(harness.server.stopped().isDone());
        TestClient.Close close = alice.awaitClose();
        assertTrue(close.code() == 1001 || close.code() == 1006, close.toString());
    }

    @Test
    void theInternalPortListensOnLoopbackOnlyUnlessToldOtherwise() throws Exception {
        // 127.0.0.2 is this machine too, but a socket bound to 127.0.0.1 does not answer it.
        assertFalse(answersOn("127.0.0.2", harness.server.internalPort()), "INTERNAL_BIND defaults to 127.0.0.1");
        try (Harness everywhere = Harness.start(Map.of("INTERNAL_BIND", "0.0.0.0"))) {
            assertTrue(answersOn("127.0.0.2", everywhere.server.internalPort()));
        }
    }

    @Test
    void metricsNeedTheMetricsTokenWhenOneIsSet() throws Exception {
        String token = "scrape-me-0123456789";
        try (Harness guarded = Harness.start(Map.of("METRICS_TOKEN", token))) {
            Harness.Answer anonymous = guarded.internal("GET", "/metrics", null);
            assertEquals(401, anonymous.status());
            assertEquals("Bearer", anonymous.response().headers().firstValue("WWW-Authenticate").orElse(null));
            assertEquals(401, guarded.internal("GET", "/metrics", "Bearer " + token + "x").status());
            Harness.Answer scraped = guarded.internal("GET", "/metrics", "Bearer " + token);
            assertEquals(200, scraped.status());
            assertTrue(scraped.response().body().contains("session_connections"), "the metrics themselves");
            assertEquals(200, guarded.internal("GET", "/healthz", null).status(), "probes stay open");
        }
    }

    private static boolean answersOn(String address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
