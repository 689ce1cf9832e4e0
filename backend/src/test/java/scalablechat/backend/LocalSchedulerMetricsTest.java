package scalablechat.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.metrics.PrometheusScrape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness and scheduler decisions with the local elastic scheduler, whose session servers are real child
 * processes (session/target/session.jar).
 */
class LocalSchedulerMetricsTest {
    /** Generous: a JVM may take several seconds to start on a busy two-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private BackendServer backend;

    @AfterEach
    void stop() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void readyOnceAServerIsAndDecisionsAreCounted() throws Exception {
        backend = TestBackends.start(Map.of("SCHEDULER", "local", "MIN_SERVERS", "1", "MAX_SERVERS", "2"), dataDir);
        TestHttp http = new TestHttp(backend.port());
        awaitStatus(http, "/readyz", 200);

        PrometheusScrape before = scrape(http);
        assertEquals(1, before.value("backend_scheduler_decisions_total", "decision", "server_started"),
                "MIN_SERVERS=1 started one");
        String token = http.login("alice");
        assertEquals(200, http.post("/api/rooms", "", token).status());

        PrometheusScrape after = scrape(http);
        assertEquals(1, after.value("backend_scheduler_decisions_total", "decision", "room_placed"));
        assertEquals(1, after.value("backend_rooms_created_total"));
        assertTrue(after.value("backend_session_servers", "state", "ready")
                + after.value("backend_session_servers", "state", "starting") >= 1, "the server, and maybe a spare");
    }

    /** A session server that can never start: the backend is alive, and says it is not ready, and why. */
    @Test
    void notReadyWhileNoSessionServerCanStart() throws Exception {
        Path broken = Files.writeString(dataDir.resolve("broken.jar"), "not a jar");
        backend = TestBackends.start(Map.of("SCHEDULER", "local", "MIN_SERVERS", "1", "MAX_SERVERS", "1",
                "SESSION_JAR", broken.toString()), dataDir);
        TestHttp http = new TestHttp(backend.port());
        TestHttp.Reply ready = http.get("/readyz", null);
        assertEquals(503, ready.status(), ready.body());
        assertFalse(ready.json().getBoolean("ready", true));
        assertTrue(ready.json().getString("reason", "").startsWith("no session server is"), ready.body());
        assertEquals(200, http.get("/healthz", null).status());
        // Its attempts show as decisions while none comes up.
        assertTrue(scrape(http).value("backend_scheduler_decisions_total", "decision", "server_started") >= 1);
        assertEquals(0, scrape(http).value("backend_session_servers", "state", "ready"));
    }

    private static PrometheusScrape scrape(TestHttp http) throws Exception {
        TestHttp.Reply reply = http.get("/metrics", null);
        assertEquals(200, reply.status());
        return PrometheusScrape.parse(reply.body());
    }

    private static void awaitStatus(TestHttp http, String path, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        TestHttp.Reply reply;
        while ((reply = http.get(path, null)).status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " stayed " + reply.status() + ": " + reply.body());
            }
            Thread.sleep(100);
        }
    }
}
