package scalablechat.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.metrics.PrometheusScrape;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With the local scheduler, a lookup makes sure the room is open on its server with an admission
 * ({@code PUT /internal/rooms/{id}}); one admission is trusted for {@code ROOM_LOOKUP_CACHE_MS}. Counted on
 * the child session server's own metrics ({@code session_internal_requests_total{call="room_put"}}).
 */
class LocalLookupCacheTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LOOKUPS = 20;

    @TempDir
    Path dataDir;
    private BackendServer backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    /** Admissions the room's session server got during {@link #LOOKUPS} lookups of a room just created. */
    private long admissionsDuringLookups(Duration cache) throws Exception {
        backend = TestBackends.start(Map.of("SCHEDULER", "local", "MIN_SERVERS", "1", "MAX_SERVERS", "1",
                "ROOM_LOOKUP_CACHE_MS", Long.toString(cache.toMillis())), dataDir);
        TestHttp http = new TestHttp(backend.port());
        awaitReady(http);
        String token = http.login("alice");
        TestHttp.Reply created = http.post("/api/rooms", "", token);
        assertEquals(200, created.status(), created.body());
        String roomId = created.json().getString("roomId", null);
        String host = http.get("/api/rooms/" + roomId, token).json().getString("host", null);
        int internalPort = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1)) + 1000;
        TestHttp session = new TestHttp(internalPort);
        double before = admissions(session);
        for (int i = 0; i < LOOKUPS; i++) {
            TestHttp.Reply reply = http.get("/api/rooms/" + roomId, token);
            assertEquals(200, reply.status(), reply.body());
            assertEquals(host, reply.json().getString("host", null));
        }
        return Math.round(admissions(session) - before);
    }

    @Test
    void anAdmissionIsTrustedForTheCacheTime() throws Exception {
        assertEquals(0, admissionsDuringLookups(Duration.ofMinutes(1)));
    }

    @Test
    void withoutTheCacheEveryLookupAdmits() throws Exception {
        assertEquals(LOOKUPS, admissionsDuringLookups(Duration.ZERO));
    }

    private static double admissions(TestHttp session) throws Exception {
        TestHttp.Reply reply = session.get("/metrics", null);
        assertEquals(200, reply.status());
        PrometheusScrape scrape = PrometheusScrape.parse(reply.body());
        return scrape.value("session_internal_requests_total", "call", "room_put");
    }

    private static void awaitReady(TestHttp http) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TestHttp.Reply reply;
        while ((reply = http.get("/readyz", null)).status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/readyz stayed " + reply.status() + ": " + reply.body());
            }
            Thread.sleep(100);
        }
    }
}
