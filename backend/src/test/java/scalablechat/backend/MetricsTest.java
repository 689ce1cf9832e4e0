package scalablechat.backend;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.Env;
import scalablechat.common.metrics.PrometheusScrape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoublePredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend's /metrics and /readyz against real session servers: the scrape is well formed, its numbers
 * follow the traffic (and so do the session server's), and readiness follows the session servers.
 */
class MetricsTest {
    private static final String LOGIN = "/api/login";
    private static final String ROOM = "/api/rooms/{roomId}";

    @TempDir
    Path clientDir;
    SessionServers servers;
    BackendServer backend;
    TestHttp http;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(clientDir.resolve("index.html"), "<!doctype html><title>chat</title>");
        servers = SessionServers.start(2, 2);
        backend = TestServers.backend(servers.sessionServerHost(), clientDir);
        http = new TestHttp(backend.port());
    }

    @AfterEach
    void stop() {
        backend.close();
        servers.close();
    }

    @Test
    void backendAndSessionServerNumbersFollowTheTraffic() throws Exception {
        // The scheduler learns of its servers from a health probe in the background.
        awaitValue(http, "backend_session_servers", ready -> ready == 2, "state", "ready");
        TestHttp.Reply first = http.get("/metrics", null);
        assertEquals(200, first.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.header("Content-Type"));
        PrometheusScrape before = PrometheusScrape.parse(first.body());
        for (String counter : new String[]{"backend_http_requests_total", "backend_rooms_created_total",
                "backend_room_lookups_total", "backend_scheduler_errors_total", "process_cpu_seconds_total"}) {
            assertEquals("counter", before.type(counter), counter);
        }
        for (String gauge : new String[]{"backend_http_requests_in_flight", "backend_session_servers",
                "backend_fleet_rooms", "backend_fleet_max_rooms", "backend_fleet_users", "jvm_memory_used_bytes"}) {
            assertEquals("gauge", before.type(gauge), gauge);
        }
        assertEquals("histogram", before.type("backend_http_request_duration_seconds"));
        assertEquals("histogram", before.type("backend_scheduler_call_duration_seconds"));
        assertEquals(2, before.value("backend_session_servers", "state", "ready"));
        assertEquals(0, before.value("backend_session_servers", "state", "dead"));
        assertEquals(4, before.value("backend_fleet_max_rooms"));
        assertEquals(1, before.value("backend_http_requests_in_flight"), "the scrape itself");

        String token = http.login("alice");
        String roomId = http.post("/api/rooms", "", token).json().getString("roomId", null);
        JsonObject lookup = http.get("/api/rooms/" + roomId, token).json();
        http.get("/api/rooms/" + roomId, token);
        assertTrue(http.get("/api/rooms/nosuchroom-abcde", token).json().get("host").isNull());
        assertEquals(404, http.get("/api/nothing/here", null).status());
        assertEquals(405, http.get(LOGIN, null).status());
        assertEquals(405, http.method("BREW", LOGIN, null).status());
        assertEquals(200, http.get("/", null).status());
        assertEquals(404, http.get("/missing.js", null).status());

        // A client can have its answer a moment before the server counts the request (the count follows the
        // response's last byte), so wait until nothing but the scrape itself is in flight.
        awaitValue(http, "backend_http_requests_in_flight", inFlight -> inFlight == 1);
        PrometheusScrape after = PrometheusScrape.parse(http.get("/metrics", null).body());
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", LOGIN, "method", "POST", "code", "200"));
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", "/api/rooms", "method", "POST", "code", "200"));
        assertEquals(3, increase(before, after, "backend_http_requests_total", "route", ROOM, "method", "GET", "code", "200"));
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", "unknown", "method", "GET", "code", "404"));
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", LOGIN, "method", "GET", "code", "405"));
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", LOGIN, "method", "other", "code", "405"));
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", "static", "method", "GET", "code", "200"));
        assertEquals(1, increase(before, after, "backend_http_requests_total", "route", "static", "method", "GET", "code", "404"));
        assertTrue(increase(before, after, "backend_http_requests_total", "route", "/metrics", "method", "GET", "code", "200") >= 1);
        assertEquals(1, after.value("backend_http_requests_in_flight"), "every other request has ended");
        assertEquals(3, increase(before, after, "backend_http_request_duration_seconds_count", "route", ROOM));
        assertEquals(1, increase(before, after, "backend_rooms_created_total"));
        assertEquals(2, increase(before, after, "backend_room_lookups_total", "result", "found"));
        assertEquals(1, increase(before, after, "backend_room_lookups_total", "result", "unknown"));
        assertEquals(1, increase(before, after, "backend_scheduler_call_duration_seconds_count", "call", "create"));
        assertEquals(3, increase(before, after, "backend_scheduler_call_duration_seconds_count", "call", "find"));
        assertEquals(0, after.sum("backend_scheduler_errors_total"));
        assertEquals(1, increase(before, after, "backend_scheduler_decisions_total", "decision", "room_placed"));
        awaitValue(http, "backend_fleet_rooms", rooms -> rooms == 1); // the fleet is read at most once a second
        for (PrometheusScrape.Sample sample : after.samples()) {
            assertFalse(sample.labels().values().stream().anyMatch(v -> v.contains(roomId) || v.contains("nothing")),
                    "no raw path in a label: " + sample);
        }

        // The session server that hosts the room counts the chat, and the backend's fleet view sees its user.
        int hosting = lookup.getString("host", "").equals(servers.host(0)) ? 0 : 1;
        TestHttp session = new TestHttp(servers.internalPort(hosting));
        PrometheusScrape quiet = PrometheusScrape.parse(session.get("/metrics", null).body());
        assertEquals(1, quiet.value("session_rooms"));
        assertEquals(0, quiet.value("session_messages_stored_total"));
        try (ChatClient alice = ChatClient.connect(lookup)) {
            alice.send("hello");
            alice.await(snapshot -> snapshot.get("messages").asArray().size() == 1, "the message");
            // Timed once the message is queued to every member, which may be just after alice has it.
            awaitValue(session, "session_delivery_queued_seconds_count", count -> count == 1);
            PrometheusScrape busy = scrape(session);
            assertEquals(1, busy.value("session_connections"));
            assertEquals(1, busy.value("session_messages_stored_total"));
            assertEquals(1, busy.value("session_deliveries_total"));
            assertTrue(busy.value("session_sent_bytes_total") > quiet.value("session_sent_bytes_total"));
            awaitValue(http, "backend_fleet_users", users -> users == 1);
        }
    }

    @Test
    void sessionServersByStateAndReadinessFollowTheFleet() throws Exception {
        assertEquals(200, http.get("/readyz", null).status());
        assertTrue(http.get("/readyz", null).json().getBoolean("ready", false));

        servers.stop(0);
        awaitValue(http, "backend_session_servers", dead -> dead == 1, "state", "dead");
        assertEquals(1, scrape(http).value("backend_session_servers", "state", "ready"));
        assertEquals(200, http.get("/readyz", null).status(), "one server is enough");

        servers.stop(1);
        awaitValue(http, "backend_session_servers", dead -> dead == 2, "state", "dead");
        TestHttp.Reply notReady = http.get("/readyz", null);
        assertEquals(503, notReady.status());
        assertFalse(notReady.json().getBoolean("ready", true));
        assertTrue(notReady.json().getString("reason", "").contains("no session server"), notReady.body());
        assertEquals(200, http.get("/healthz", null).status(), "alive all the same");

        String token = http.login("bob");
        assertEquals(503, http.post("/api/rooms", "", token).status());
        assertEquals(1, scrape(http).value("backend_scheduler_errors_total", "call", "create", "error", "unavailable"));
    }

    @Test
    void aMetricsTokenGuardsTheScrape() throws Exception {
        TestServers.applyHttpServerLimits();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("JWT_SECRET", TestServers.SECRET);
        env.put("SESSION_SERVER_HOST", servers.sessionServerHost());
        env.put("CLIENT_DIR", clientDir.toString());
        env.put("METRICS_TOKEN", "scrape-me-0123456789");
        try (BackendServer guarded = BackendServer.start(BackendConfig.from(new Env(env)))) {
            TestHttp client = new TestHttp(guarded.port());
            TestHttp.Reply refused = client.get("/metrics", null);
            assertEquals(401, refused.status());
            assertEquals("Bearer", refused.header("WWW-Authenticate"));
            assertEquals(401, client.get("/metrics", "scrape-me-0123456780").status());
            TestHttp.Reply allowed = client.get("/metrics", "scrape-me-0123456789");
            assertEquals(200, allowed.status());
            assertEquals(1, PrometheusScrape.parse(allowed.body()).value("backend_http_requests_total",
                    "route", "/metrics", "method", "GET", "code", "401") , 2);
        }
        env.put("METRICS_TOKEN", "short");
        assertThrows(Env.ConfigException.class, () -> BackendConfig.from(new Env(env)));
    }

    private static double increase(PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
        return after.valueOr(0, name, labels) - before.valueOr(0, name, labels);
    }

    private static PrometheusScrape scrape(TestHttp http) throws Exception {
        TestHttp.Reply reply = http.get("/metrics", null);
        assertEquals(200, reply.status());
        return PrometheusScrape.parse(reply.body());
    }

    /** Polls a scrape until the series satisfies {@code wanted} (the backend reads its fleet at most once a second). */
    private static void awaitValue(TestHttp http, String name, DoublePredicate wanted, String... labels) throws Exception {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        double value;
        while (!wanted.test(value = scrape(http).valueOr(Double.NaN, name, labels))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed at " + value);
            }
            Thread.sleep(50);
        }
    }
}
