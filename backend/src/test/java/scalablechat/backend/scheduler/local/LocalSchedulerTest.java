package scalablechat.backend.scheduler.local;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.BackendServer;
import scalablechat.backend.TestBackends;
import scalablechat.backend.TestHttp;
import scalablechat.backend.TestServers;
import scalablechat.backend.chaos.Processes;
import scalablechat.backend.chaos.SessionJar;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.SessionServerClient;
import scalablechat.common.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The local elastic scheduler through the real backend, with real session servers started from
 * session/target/session.jar as child processes of this test.
 */
class LocalSchedulerTest {
    static final String ADMIN = "admin-token-for-tests-0123456789";
    /** Generous: a JVM may take several seconds to start on a busy two-core machine. */
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
    }

    private TestHttp backend(Map<String, String> env) throws Exception {
        BackendServer backend = TestBackends.start(env, dataDir);
        started.add(backend);
        return new TestHttp(backend.port());
    }

    private static String create(TestHttp http, String token) throws Exception {
        var reply = http.post("/api/rooms", "", token);
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("roomId", null);
    }

    private static String host(TestHttp http, String token, String roomId) throws Exception {
        var reply = http.get("/api/rooms/" + roomId, token);
        assertEquals(200, reply.status(), reply.body());
        JsonValue host = reply.json().get("host");
        assertFalse(host.isNull(), "room " + roomId + " unknown");
        return host.asString();
    }

    /** Polls the fleet view (as admin) until {@code condition} holds; fails after {@link #WAIT}. */
    static JsonObject awaitFleet(TestHttp http, Predicate<JsonObject> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject fleet;
        do {
            var reply = http.get("/api/fleet", ADMIN);
            assertEquals(200, reply.status(), reply.body());
            fleet = reply.json();
            if (condition.test(fleet)) {
                return fleet;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("the fleet never got there; last seen: " + fleet);
        return fleet;
    }

    static List<JsonObject> servers(JsonObject fleet, String state) {
        List<JsonObject> servers = new ArrayList<>();
        for (JsonValue server : fleet.get("servers").asArray()) {
            if (state == null || state.equals(server.asObject().getString("state", ""))) {
                servers.add(server.asObject());
            }
        }
        return servers;
    }

    static Set<Long> sessionChildren() {
        Set<Long> pids = new HashSet<>();
        ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
        return pids;
    }

    /** The pid of this JVM's session server child that listens on {@code host}'s port. */
    static long pidOf(String host) {
        String port = host.substring(host.lastIndexOf(':') + 1);
        return ProcessHandle.current().children()
                .filter(child -> Processes.environment(child.pid(), "PORT").orElse("").equals(port))
                .findFirst().orElseThrow(() -> new AssertionError("no child listens on " + host)).pid();
    }

    @Test
    void aFloodOfEmptyRoomsFromOneAddressStartsOnlyItsShareOfServersAndTheirSlotsComeBack() throws Exception {
        TestHttp http = backend(Map.of("SCHEDULER", "local", "MIN_SERVERS", "1", "MAX_SERVERS", "8",
                "ROOMS_PER_SERVER", "2", "ROOM_CREATES_PER_USER", "2", "ROOM_CREATES_PER_ADDRESS", "4",
                "ROOM_UNJOINED_SECONDS", "1", "ADMIN_TOKEN", ADMIN));
        awaitFleet(http, fleet -> servers(fleet, "ready").size() == 1);
        int created = 0;
        int refused = 0;
        for (int name = 0; name < 20; name++) {
            String token = http.login("flood" + name);
            for (int attempt = 0; attempt < 3; attempt++) {
                var reply = http.post("/api/rooms", "", token);
                if (reply.status() == 200) {
                    created++;
                } else {
                    assertEquals(429, reply.status(), reply.body());
                    assertNotNull(reply.header("Retry-After"));
                    refused++;
                }
            }
        }
        assertEquals(4, created, "the address's share");
        assertEquals(56, refused);
        // Four empty rooms need two servers (plus perhaps the warm spare), nowhere near MAX_SERVERS.
        assertTrue(servers(http.get("/api/fleet", ADMIN).json(), null).size() <= 3);
        // Nobody joins them: each server frees their slots after ROOM_UNJOINED_SECONDS.
        awaitFleet(http, fleet -> fleet.get("totals").asObject().getInt("rooms", -1) == 0);
    }

    @Test
    void sessionServersTakeTheirPortsFromSessionPorts() throws Exception {
        TestHttp http = backend(Map.of("SCHEDULER", "local", "MIN_SERVERS", "1", "MAX_SERVERS", "10",
                "SESSION_PORTS", "27500-27509", "ADMIN_TOKEN", ADMIN));
        JsonObject fleet = awaitFleet(http, f -> servers(f, "ready").size() == 1);
        String host = servers(fleet, "ready").get(0).getString("host", "");
        int port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
        assertTrue(port >= 27500 && port <= 27509, host);
    }

    @Test
    void sessionPortsMustBeAUsableRange() {
        for (String bad : new String[] {"20000", "20099-20000", "80-90", "65000-65010", "a-b"}) {
            var e = assertThrows(scalablechat.common.Env.ConfigException.class, () -> LocalSchedulerConfig.from(Map.of(
                    "JWT_SECRET", TestServers.SECRET, "SESSION_JAR", SessionJar.locate().toString(), "SESSION_PORTS", bad)));
            assertTrue(e.getMessage().contains("SESSION_PORTS"), e.getMessage());
        }
        var few = assertThrows(scalablechat.common.Env.ConfigException.class, () -> LocalSchedulerConfig.from(Map.of(
                "JWT_SECRET", TestServers.SECRET, "SESSION_JAR", SessionJar.locate().toString(),
                "SESSION_PORTS", "20000-20003", "MAX_SERVERS", "8")));
        assertTrue(few.getMessage().contains("fewer than MAX_SERVERS"), few.getMessage());
    }

    @Test
    void startsServersOnDemandUpToMaxServersThenAnswers503() throws Exception {
        TestHttp http = backend(Map.of("SCHEDULER", "local", "MIN_SERVERS", "1", "MAX_SERVERS", "2",
                "ROOMS_PER_SERVER", "1", "ADMIN_TOKEN", ADMIN));
        String token = http.login("alice");
        awaitFleet(http, fleet -> servers(fleet, "ready").size() == 1);

        String first = create(http, token);
        String second = create(http, token); // needs a second server: started now, or already as the warm spare
        assertNotEquals(host(http, token, first), host(http, token, second));

        var refused = http.post("/api/rooms", "", token);
        assertEquals(503, refused.status(), refused.body());
        assertNotNull(refused.header("Retry-After"));
        assertTrue(refused.error().contains("MAX_SERVERS"), refused.error());

        JsonObject fleet = awaitFleet(http, f -> servers(f, "ready").size() == 2
                && servers(f, "ready").stream().allMatch(s -> s.getInt("rooms", 0) == 1));
        Set<String> shown = new HashSet<>();
        for (JsonObject server : servers(fleet, "ready")) {
            shown.add(server.get("roomList").asArray().get(0).asObject().getString("roomId", null));
        }
        assertEquals(Set.of(first, second), shown, "the admin sees which room is where");

        var anonymous = http.get("/api/fleet", null);
        assertEquals(200, anonymous.status());
        assertFalse(anonymous.body().contains(first), anonymous.body());
        assertFalse(anonymous.body().contains(second), anonymous.body());
        var wrongToken = http.get("/api/fleet", ADMIN + "x");
        assertFalse(wrongToken.body().contains(first), wrongToken.body());
        assertFalse(http.get("/api/fleet", token).body().contains(first), "a user token is not the admin token");
        assertEquals(2, anonymous.json().get("totals").asObject().getInt("rooms", -1));
    }

    @Test
    void idleServersAreDrainedAndStoppedAndStartAgainWhenNeeded() throws Exception {
        TestHttp http = backend(Map.of("MIN_SERVERS", "0", "MAX_SERVERS", "2", "ROOMS_PER_SERVER", "1",
                "SERVER_IDLE_SECONDS", "1", "ADMIN_TOKEN", ADMIN));
        String token = http.login("alice");
        assertTrue(servers(http.get("/api/fleet", ADMIN).json(), null).isEmpty(), "MIN_SERVERS=0 starts none");

        String room = create(http, token); // starts a server on demand, and then a warm spare (it is full)
        String roomHost = host(http, token, room);
        awaitFleet(http, fleet -> servers(fleet, "ready").size() == 2);

        // Once the room's server is gone, the spare has nothing to be spare for: it idles, then stops.
        long roomServer = pidOf(roomHost);
        ProcessHandle.of(roomServer).orElseThrow().destroyForcibly();
        awaitFleet(http, fleet -> servers(fleet, "ready").isEmpty() && servers(fleet, "starting").isEmpty()
                && servers(fleet, "draining").isEmpty());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!sessionChildren().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(Set.of(), sessionChildren(), "every idle server stopped");

        // The room is still known: its next lookup starts a server for it.
        String newHost = host(http, token, room);
        assertNotEquals(roomHost, newHost);
        assertTrue(Processes.running(pidOf(newHost)), "a server was started for the room");
    }

    @Test
    void whenRoomsCloseForIdlenessTheirServersStopDownToMinServers() throws Exception {
        TestHttp http = backend(Map.of("MIN_SERVERS", "1", "MAX_SERVERS", "3", "ROOMS_PER_SERVER", "1",
                "ROOM_IDLE_SECONDS", "1", "SERVER_IDLE_SECONDS", "1", "ADMIN_TOKEN", ADMIN));
        String token = http.login("alice");
        String first = create(http, token);
        String second = create(http, token); // a second server, and a warm spare behind it
        assertNotEquals(host(http, token, first), host(http, token, second));
        awaitFleet(http, fleet -> servers(fleet, "ready").size() >= 2);

        // Nobody joins: each room closes after ROOM_IDLE_SECONDS, then its server idles and stops, but one stays.
        JsonObject fleet = awaitFleet(http, f -> servers(f, "ready").size() == 1 && servers(f, "starting").isEmpty()
                && servers(f, "draining").isEmpty() && servers(f, "ready").get(0).getInt("rooms", -1) == 0);
        assertEquals(1, sessionChildren().size(), "stopped servers have exited: " + fleet);
        assertFalse(host(http, token, first).isEmpty(), "a closed room is still found (its history is on disk)");
    }

    @Test
    void idleServersStayWhileMinServersNeedsThem() throws Exception {
        TestHttp http = backend(Map.of("MIN_SERVERS", "2", "MAX_SERVERS", "3", "SERVER_IDLE_SECONDS", "1",
                "ADMIN_TOKEN", ADMIN));
        awaitFleet(http, fleet -> servers(fleet, "ready").size() == 2);
        Set<Long> before = sessionChildren();
        Thread.sleep(3000); // three idle periods: long enough for a wrongly eager supervisor to stop one
        assertEquals(before, sessionChildren());
        assertEquals(2, servers(http.get("/api/fleet", ADMIN).json(), "ready").size());
    }

    @Test
    void lookupsDuringFailoverAllAgreeOnOneNewServer() throws Exception {
        TestHttp http = backend(Map.of("MIN_SERVERS", "2", "MAX_SERVERS", "3", "ROOMS_PER_SERVER", "4",
                "ADMIN_TOKEN", ADMIN));
        String token = http.login("alice");
        awaitFleet(http, fleet -> servers(fleet, "ready").size() == 2);
        String room = create(http, token);
        String oldHost = host(http, token, room);

        ProcessHandle.of(pidOf(oldHost)).orElseThrow().destroyForcibly();
        List<Callable<TestHttp.Reply>> lookups = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            lookups.add(() -> http.get("/api/rooms/" + room, token));
        }
        Set<String> hosts = new HashSet<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<TestHttp.Reply> future : threads.invokeAll(lookups)) {
                TestHttp.Reply reply = future.get();
                if (reply.status() == 503) {
                    assertNotNull(reply.header("Retry-After"), "a 503 says when to try again");
                    continue;
                }
                assertEquals(200, reply.status(), reply.body());
                assertFalse(reply.json().get("host").isNull(), "a room whose server died is not unknown");
                hosts.add(reply.json().getString("host", null));
            }
        }
        String newHost = host(http, token, room);
        hosts.add(newHost);
        assertEquals(1, hosts.size(), "concurrent lookups placed the room on several servers: " + hosts);
        assertNotEquals(oldHost, newHost);
        JsonObject fleet = awaitFleet(http, f -> servers(f, "ready").stream()
                .anyMatch(s -> s.getString("host", "").equals(newHost) && s.getInt("rooms", 0) == 1));
        long hostsOfRoom = servers(fleet, null).stream()
                .filter(s -> s.get("roomList").toString().contains(room)).count();
        assertEquals(1, hostsOfRoom, "the room is open on exactly one server: " + fleet);
    }

    @Test
    void aRoomLeavesADrainingServerOnlyOnceThatServerHasLetGoOfIt() throws Exception {
        TestHttp http = backend(Map.of("MIN_SERVERS", "2", "ROOMS_PER_SERVER", "4", "ADMIN_TOKEN", ADMIN,
                "DRAIN_TIMEOUT_SECONDS", "10"));
        String token = http.login("alice");
        awaitFleet(http, fleet -> servers(fleet, "ready").size() == 2);
        String room = create(http, token);
        String oldHost = host(http, token, room);
        SessionServerClient internal = new SessionServerClient(new Tokens(TestBackends.secret()), Duration.ofSeconds(2));
        started.add(internal);
        SessionServerAddress old = SessionServerAddress.parse("test", oldHost);

        // A member whose client never answers the close frame keeps the draining server (and the room) a
        // while: Java-WebSocket waits for the close handshake before it drops the socket.
        String session = http.get("/api/rooms/" + room, token).json().getString("token", null);
        WebSocket stubborn = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("scalable-chat.v2")
                .buildAsync(URI.create("ws://" + oldHost + "/?token=" + session), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        return new CompletableFuture<>(); // never done: no close frame goes back
                    }
                }).join();
        try {
            assertEquals(SessionServerClient.Presence.OPEN, internal.presence(old, room));
            internal.drain(old);

            String newHost = host(http, token, room);
            assertNotEquals(oldHost, newHost);
            boolean oldStillHasIt;
            try {
                oldStillHasIt = internal.presence(old, room) == SessionServerClient.Presence.OPEN;
            } catch (IOException gone) {
                oldStillHasIt = false;
            }
            assertFalse(oldStillHasIt, "the room was placed on " + newHost + " while " + oldHost + " still had it open");
        } finally {
            stubborn.abort();
        }
    }
}
