package scalablechat.backend;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.Tokens;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Room creation and lookup through the real backend and real session servers. */
class RoomsTest {
    @TempDir
    Path clientDir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
    }

    private SessionServers sessionServers(int count, int roomsPerServer) throws Exception {
        SessionServers servers = SessionServers.start(count, roomsPerServer);
        started.add(servers);
        return servers;
    }

    private TestHttp backend(String sessionServerHost) throws Exception {
        BackendServer backend = TestServers.backend(sessionServerHost, clientDir);
        started.add(backend);
        return new TestHttp(backend.port());
    }

    private static String create(TestHttp http, String token) throws Exception {
        var reply = http.post("/api/rooms", "", token);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("roomId", null);
    }

    private static JsonObject lookup(TestHttp http, String token, String roomId) throws Exception {
        var reply = http.get("/api/rooms/" + roomId, token);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    @Test
    void roomsSpreadOverTwoServersFewestFirstThen503WhenFull() throws Exception {
        SessionServers servers = sessionServers(2, 3);
        TestHttp http = backend(servers.sessionServerHost());
        String token = http.login("alice");
        Map<String, Integer> roomsPerHost = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            String host = lookup(http, token, create(http, token)).getString("host", null);
            roomsPerHost.merge(host, 1, Integer::sum);
        }
        // Fewest rooms first: 4 rooms are 2 + 2 (any other order could give 3 + 1).
        assertEquals(Map.of(servers.host(0), 2, servers.host(1), 2), roomsPerHost);
        create(http, token);
        create(http, token);

        var full = http.post("/api/rooms", "", token);
        assertEquals(503, full.status());
        assertEquals("30", full.header("Retry-After"));
        assertEquals("every session server is full", full.error());
    }

    @Test
    void roomsCreatedAtTheSameMomentSplitEvenly() throws Exception {
        SessionServers servers = sessionServers(2, 100);
        TestHttp http = backend(servers.sessionServerHost());
        String token = http.login("alice");
        create(http, token); // the first round of health probes, so that every creation below sees both servers
        int rooms = 40;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> created = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < rooms; i++) {
                created.add(pool.submit(() -> {
                    go.await();
                    return create(http, token);
                }));
            }
            go.countDown();
        }
        Map<String, Integer> roomsPerHost = new HashMap<>();
        for (Future<String> roomId : created) {
            roomsPerHost.merge(lookup(http, token, roomId.get()).getString("host", null), 1, Integer::sum);
        }
        int first = roomsPerHost.getOrDefault(servers.host(0), 0);
        int second = roomsPerHost.getOrDefault(servers.host(1), 0);
        assertEquals(rooms, first + second);
        // The room created first adds one to a side. A health probe landing between a server's admission and
        // the backend counting it can count a room twice for a moment: allow one more.
        assertTrue(Math.abs(first - second) <= 2, "40 rooms created at once went " + roomsPerHost);
    }

    @Test
    void lookupGivesTheRoomsServerAndASessionTokenForIt() throws Exception {
        SessionServers servers = sessionServers(1, 10);
        TestHttp http = backend(servers.sessionServerHost());
        String token = http.login("alice");
        String roomId = create(http, token);
        JsonObject room = lookup(http, http.login("bob"), roomId);
        assertEquals(servers.host(0), room.getString("host", null));
        assertEquals("ws", room.getString("scheme", null));
        Tokens.SessionClaims claims = new Tokens(TestServers.SECRET).verifySession(room.getString("token", null));
        assertEquals(new Tokens.SessionClaims("bob", roomId, servers.host(0), claims.issuedAt()), claims);
    }

    @Test
    void unknownRoomsAreNullNotErrors() throws Exception {
        SessionServers servers = sessionServers(1, 10);
        TestHttp http = backend(servers.sessionServerHost());
        String token = http.login("alice");
        String real = create(http, token);
        // Same server tag, different random part: names a server that has no such room.
        String never = "aaaaaaaaaaaaaaaa" + real.substring(16);
        for (String roomId : new String[]{never, "nope", "aaaaaaaaaaaaaaaa-zzzzz"}) {
            JsonObject room = lookup(http, token, roomId);
            assertTrue(room.get("host").isNull(), roomId);
            assertTrue(room.get("token").isNull(), roomId);
        }
    }

    @Test
    void backendsWithTheSameListResolveEachOthersRooms() throws Exception {
        SessionServers servers = sessionServers(2, 10);
        TestHttp first = backend(servers.sessionServerHost());
        String reversed = String.join(",", List.of(servers.sessionServerHost().split(",")).reversed());
        TestHttp second = backend(reversed);
        String token = first.login("alice");
        for (int i = 0; i < 4; i++) {
            String roomId = create(i % 2 == 0 ? first : second, token);
            assertEquals(lookup(first, token, roomId).getString("host", null),
                    lookup(second, token, roomId).getString("host", null));
            assertFalse(lookup(second, token, roomId).get("host").isNull());
        }
    }

    @Test
    void aDeadServerIsSkippedAndItsRoomsAnswer503() throws Exception {
        SessionServers servers = sessionServers(2, 10);
        TestHttp http = backend(servers.sessionServerHost());
        String token = http.login("alice");
        String onFirst = null;
        while (onFirst == null) {
            String roomId = create(http, token);
            if (lookup(http, token, roomId).getString("host", "").equals(servers.host(0))) {
                onFirst = roomId;
            }
        }
        servers.stop(0);

        var lookup = http.get("/api/rooms/" + onFirst, token);
        assertEquals(503, lookup.status());
        assertEquals("3", lookup.header("Retry-After"));
        assertNotNull(lookup.error());
        for (int i = 0; i < 3; i++) {
            assertEquals(servers.host(1), lookup(http, token, create(http, token)).getString("host", null));
        }
    }

    @Test
    void twoBackendsRacingForTheLastSlotAdmitExactlyOneRoom() throws Exception {
        SessionServers servers = sessionServers(1, 1);
        TestHttp first = backend(servers.sessionServerHost());
        TestHttp second = backend(servers.sessionServerHost());
        String token = first.login("alice");
        List<Callable<Integer>> racers = List.of(
                () -> first.post("/api/rooms", "", token).status(),
                () -> second.post("/api/rooms", "", token).status());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(racers)) {
                statuses.add(status.get());
            }
            statuses.sort(null);
            assertEquals(List.of(200, 503), statuses);
        }
    }

    @Test
    void aSessionServerWithAnotherSecretIsNamedAsSuchNotAsDown() throws Exception {
        TestServers.applyHttpServerLimits();
        java.nio.file.Path data = java.nio.file.Files.createTempDirectory("other-secret-");
        scalablechat.session.SessionServer other = scalablechat.session.SessionServer.start(
                scalablechat.session.SessionConfig.from(new scalablechat.common.Env(java.util.Map.of("PORT", "0",
                        "JWT_SECRET", "another-secret-entirely-0123456789-abcdef", "DATA_DIR", data.toString(),
                        "FSYNC", "never"))));
        started.add(other);
        TestHttp http = backend("127.0.0.1:" + other.port() + "@" + other.internalPort());
        String token = http.login("ops");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        TestHttp.Reply reply;
        do { // the first health probe, a second at most, tells why
            reply = http.post("/api/rooms", "", token);
            assertEquals(503, reply.status(), reply.body());
            Thread.sleep(100);
        } while (!reply.error().contains("JWT_SECRET") && System.nanoTime() < deadline);
        assertEquals("the session servers reject our internal token: JWT_SECRET differs", reply.error());
    }
}
