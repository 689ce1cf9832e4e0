package scalablechat.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Room lookups with the static scheduler and a real session server, counting the lookups that reach the
 * session server on its own {@code /metrics} ({@code session_internal_requests_total{call="room_get"}}):
 * a room the server confirmed is not asked about again within {@code ROOM_LOOKUP_CACHE_MS}, is asked about
 * again once that passed, a room that does not exist is asked about every time, and a remembered room whose
 * server died answers 503, not its old address.
 */
class RoomLookupCacheTest {
    private static final Pattern ROOM_GETS = Pattern.compile(
            "(?m)^session_internal_requests_total\\{call=\"room_get\"} (\\d+)");
    private static final int LOOKUPS = 20;

    @TempDir
    Path clientDir;
    @TempDir
    Path dataDir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private SessionServer session;

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
        if (session != null) {
            session.close();
        }
    }

    private TestHttp backendWithCache(Duration cache) throws Exception {
        TestServers.applyHttpServerLimits();
        session = SessionServer.start(SessionConfig.from(new Env(Map.of("PORT", "0", "INTERNAL_PORT", "0",
                "JWT_SECRET", TestServers.SECRET, "DATA_DIR", dataDir.toString()))));
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("JWT_SECRET", TestServers.SECRET);
        env.put("SESSION_SERVER_HOST", "127.0.0.1:" + session.port() + "@" + session.internalPort());
        env.put("CLIENT_DIR", clientDir.toString());
        env.put("ROOM_LOOKUP_CACHE_MS", Long.toString(cache.toMillis()));
        BackendServer backend = BackendServer.start(BackendConfig.from(new Env(env)));
        started.add(backend);
        return new TestHttp(backend.port());
    }

    /** Room lookups that reached the session server so far. */
    private long roomGets() throws Exception {
        String metrics = new TestHttp(session.internalPort()).get("/metrics", null).body();
        Matcher m = ROOM_GETS.matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static String create(TestHttp http, String token) throws Exception {
        var reply = http.post("/api/rooms", "", token);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("roomId", null);
    }

    private static void assertFound(TestHttp http, String token, String roomId) throws Exception {
        var reply = http.get("/api/rooms/" + roomId, token);
        assertEquals(200, reply.status(), reply.body());
        assertFalse(reply.json().get("host").isNull(), reply.body());
        assertFalse(reply.json().get("token").isNull(), reply.body());
    }

    @Test
    void aConfirmedRoomIsNotAskedAboutAgainWithinTheCacheTime() throws Exception {
        TestHttp http = backendWithCache(Duration.ofMinutes(1));
        String token = http.login("alice");
        String roomId = create(http, token);
        long before = roomGets();
        for (int i = 0; i < LOOKUPS; i++) {
            assertFound(http, token, roomId);
        }
        // The admission itself confirmed the room, so no lookup needed to ask.
        assertEquals(before, roomGets());
    }

    @Test
    void withoutTheCacheEveryLookupAsks() throws Exception {
        TestHttp http = backendWithCache(Duration.ZERO);
        String token = http.login("alice");
        String roomId = create(http, token);
        long before = roomGets();
        for (int i = 0; i < LOOKUPS; i++) {
            assertFound(http, token, roomId);
        }
        assertEquals(before + LOOKUPS, roomGets());
    }

    @Test
    void aRoomIsAskedAboutAgainOnceTheCacheTimePassed() throws Exception {
        Duration cache = Duration.ofMillis(300);
        TestHttp http = backendWithCache(cache);
        String token = http.login("alice");
        String roomId = create(http, token);
        Thread.sleep(cache.multipliedBy(2).toMillis()); // let the admission's confirmation expire
        long before = roomGets();
        assertFound(http, token, roomId);
        assertEquals(before + 1, roomGets(), "an expired confirmation is asked about again");
    }

    @Test
    void aRoomThatDoesNotExistIsAskedAboutEveryTime() throws Exception {
        TestHttp http = backendWithCache(Duration.ofMinutes(1));
        String token = http.login("alice");
        String existing = create(http, token);
        // Same server tag as a real room, but never created: a valid id that names this server.
        String missing = "zzzzzzzzzzzzzzzz" + existing.substring(existing.indexOf('-'));
        long before = roomGets();
        for (int i = 0; i < 3; i++) {
            var reply = http.get("/api/rooms/" + missing, token);
            assertEquals(200, reply.status(), reply.body());
            assertTrue(reply.json().get("host").isNull(), reply.body());
        }
        assertEquals(before + 3, roomGets());
    }

    @Test
    void aRememberedRoomOnADeadServerAnswers503() throws Exception {
        TestHttp http = backendWithCache(Duration.ofMinutes(1));
        String token = http.login("alice");
        String roomId = create(http, token);
        assertFound(http, token, roomId);

        session.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status;
        do {
            status = http.get("/api/rooms/" + roomId, token).status();
            if (status == 200) {
                Thread.sleep(50); // the health probe has not noticed yet
            }
        } while (status == 200 && System.nanoTime() < deadline);
        assertEquals(503, status, "a remembered room whose server died must not keep its old address");
        session = null;
    }
}
