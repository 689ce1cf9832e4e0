package scalablechat.backend;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The static scheduler's health checks: a session server that dies or drains gets no new rooms within
 * 3 s (no placement is even tried on it), lookups of its rooms answer 503, and it is used again as soon
 * as it is back.
 */
class StaticHealthTest {
    /** The promise made in the docs (OPERATIONS.md): out of rotation within this long. */
    static final Duration DETECTION_LIMIT = Duration.ofSeconds(3);

    @TempDir
    Path clientDir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final int[] ports = new int[2];
    private final SessionServer[] servers = new SessionServer[2];

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
        for (SessionServer server : servers) {
            if (server != null) {
                server.close();
            }
        }
    }

    private void startServer(int i) throws IOException {
        TestServers.applyHttpServerLimits(); // before the JVM's first HttpServer (the session server's) exists
        servers[i] = SessionServer.start(SessionConfig.from(new Env(Map.of(
                "PORT", Integer.toString(ports[i]), "JWT_SECRET", TestServers.SECRET, "ROOMS_PER_SERVER", "50"))));
    }

    private String host(int i) {
        return "127.0.0.1:" + ports[i];
    }

    private static String create(TestHttp http, String token) throws Exception {
        var reply = http.post("/api/rooms", "", token);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("roomId", null);
    }

    private static String hostOf(TestHttp http, String token, String roomId) throws Exception {
        var reply = http.get("/api/rooms/" + roomId, token);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("host", null);
    }

    /** Polls the fleet view until {@code host} is in one of {@code states}; returns how long that took. */
    private static Duration awaitState(TestHttp http, String host, String... states) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonValue server : http.get("/api/fleet", null).json().get("servers").asArray()) {
                JsonObject s = server.asObject();
                if (s.getString("host", "").equals(host) && List.of(states).contains(s.getString("state", ""))) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
            Thread.sleep(50);
        }
        fail(host + " never became " + String.join(" or ", states));
        return null;
    }

    @Test
    void aDeadServerIsOutOfRotationWithin3sAndBackWhenItRecovers() throws Exception {
        ports[0] = freePortPair();
        ports[1] = freePortPair();
        startServer(0);
        startServer(1);
        BackendServer backend = TestServers.backend(host(0) + "," + host(1), clientDir);
        started.add(backend);
        TestHttp http = new TestHttp(backend.port());
        String token = http.login("alice");
        awaitState(http, host(0), "ready");
        String onFirst = null;
        while (onFirst == null) {
            String roomId = create(http, token);
            if (hostOf(http, token, roomId).equals(host(0))) {
                onFirst = roomId;
            }
        }

        servers[0].close();
        Duration detected = awaitState(http, host(0), "dead");
        assertTrue(detected.compareTo(DETECTION_LIMIT) <= 0, "noticed only after " + detected);
        for (int i = 0; i < 5; i++) {
            assertEquals(host(1), hostOf(http, token, create(http, token)));
        }
        var lookup = http.get("/api/rooms/" + onFirst, token);
        assertEquals(503, lookup.status(), "a room on a dead server is not unknown: " + lookup.body());
        assertNotNull(lookup.header("Retry-After"));

        startServer(0); // same ports: the same server, restarted
        awaitState(http, host(0), "ready");
        // It has the fewest rooms now, so the next room goes there.
        assertEquals(host(0), hostOf(http, token, create(http, token)));
    }

    @Test
    void aDrainingServerGetsNoNewRooms() throws Exception {
        ports[0] = freePortPair();
        ports[1] = freePortPair();
        startServer(0);
        startServer(1);
        BackendServer backend = TestServers.backend(host(0) + "," + host(1), clientDir);
        started.add(backend);
        TestHttp http = new TestHttp(backend.port());
        String token = http.login("alice");
        awaitState(http, host(1), "ready");
        for (int i = 0; i < 3; i++) {
            create(http, token); // the drained server has fewer rooms, so it would be chosen
        }
        servers[1].drain(); // with no client to close, the drain may be over (and the server gone) at once
        for (int i = 0; i < 5; i++) {
            assertEquals(host(0), hostOf(http, token, create(http, token)));
        }
        Duration detected = awaitState(http, host(1), "draining", "dead");
        assertTrue(detected.compareTo(DETECTION_LIMIT) <= 0, "noticed only after " + detected);
    }

    /** A free port whose internal port (+1000) is free too. */
    static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port + scalablechat.common.contract.SessionPorts.INTERNAL_PORT_OFFSET > 65535) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket(port + scalablechat.common.contract.SessionPorts.INTERNAL_PORT_OFFSET)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }
}
