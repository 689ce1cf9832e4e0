package scalablechat.backend;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.scheduler.agones.FakeAgones;
import scalablechat.backend.scheduler.agones.FakeSdkSidecar;
import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 13 end to end without a cluster: a fake Kubernetes API with Agones, session servers running as GameServers
 * with a fake SDK sidecar each (AGONES_SDK_HTTP_PORT), and two backend replicas with SCHEDULER=agones. Users chat
 * through them; a GameServer dies and its room comes back elsewhere under its id, with its history (the session
 * servers share DATA_DIR, as with a ReadWriteMany volume); idle rooms free their slots; a drain hands the server back.
 */
class AgonesChatTest {
    @TempDir
    Path dir;
    final List<AutoCloseable> open = new ArrayList<>();
    FakeAgones agones;
    final Map<String, SessionServer> sessions = new HashMap<>();
    final Map<String, FakeSdkSidecar> sidecars = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void startGameServer(String name, Path dataDir) throws Exception {
        agones.addStartingGameServer(name, 4, "node-" + name);
        FakeSdkSidecar sidecar = new FakeSdkSidecar(agones, name);
        open.add(sidecar);
        sidecars.put(name, sidecar);
        Map<String, String> env = sessionEnv(sidecar, dataDir);
        env.put("ROOM_IDLE_SECONDS", "2");
        env.put("PRESENCE_GRACE_SECONDS", "0");
        env.put("DRAIN_TIMEOUT_SECONDS", "5");
        SessionServer server = SessionServer.start(SessionConfig.from(new Env(env)));
        open.add(server);
        sessions.put(name, server);
        agones.setPort(name, server.port()); // Agones assigns the host port once the pod is scheduled
    }

    /** The fake Kubernetes API with Agones; returns the service-account token file the backends read. */
    private Path startAgones() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "sa-token");
        agones = new FakeAgones("chat", "scalable-chat", "sa-token");
        open.add(agones);
        return token;
    }

    /** A session server's settings as a GameServer's container gets them: its sidecar's port among them. */
    private static Map<String, String> sessionEnv(FakeSdkSidecar sidecar, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("JWT_SECRET", TestServers.SECRET);
        env.put("DATA_DIR", dataDir.toString());
        env.put("FSYNC", "never");
        env.put("AGONES_SDK_HTTP_PORT", Integer.toString(sidecar.port()));
        return env;
    }

    private BackendServer backend(Path token) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SCHEDULER", "agones");
        env.put("KUBERNETES_API", agones.uri().toString());
        env.put("KUBERNETES_TOKEN_FILE", token.toString());
        env.put("AGONES_NAMESPACE", "chat");
        env.put("PORT", "0");
        env.put("JWT_SECRET", TestServers.SECRET);
        env.put("CLIENT_DIR", dir.toString());
        TestServers.applyHttpServerLimits();
        BackendServer backend = BackendServer.start(BackendConfig.from(new Env(env)));
        open.add(backend);
        return backend;
    }

    static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> texts(JsonObject snapshot) {
        List<String> texts = new ArrayList<>();
        for (JsonValue message : snapshot.get("messages").asArray()) {
            texts.add(message.asObject().getString("msg", ""));
        }
        return texts;
    }

    @Test
    void usersChatThroughTwoReplicasAndARoomOutlivesItsGameServer() throws Exception {
        Path token = startAgones();
        Path shared = Files.createDirectory(dir.resolve("data")); // a ReadWriteMany volume: history follows the room
        startGameServer("gs-a", shared);
        startGameServer("gs-b", shared);
        await(() -> "Ready".equals(agones.state("gs-a")) && "Ready".equals(agones.state("gs-b")), "both servers said Ready");
        assertEquals("127.0.0.1:" + sessions.get("gs-a").port(), sessions.get("gs-a").host(), "the address from the GameServer");

        TestHttp one = new TestHttp(backend(token).port());
        TestHttp two = new TestHttp(backend(token).port());
        String roomId = one.post("/api/rooms", "", one.login("alice")).json().getString("roomId", null);
        String home = agones.holders(roomId).getFirst();
        ChatClient alice = ChatClient.connect(one.get("/api/rooms/" + roomId, one.login("alice")).json());
        open.add(alice);
        ChatClient bob = ChatClient.connect(two.get("/api/rooms/" + roomId, two.login("bob")).json());
        open.add(bob);
        alice.send("hello from alice");
        bob.send("hello from bob");
        alice.await(s -> texts(s).equals(List.of("hello from alice", "hello from bob"))
                || texts(s).equals(List.of("hello from bob", "hello from alice")), "both messages");
        assertTrue(sidecars.get(home).healthCalls() > 0 || awaitHealth(home), "the server reports its health");

        // The room's GameServer dies: its session server goes, Agones marks it Unhealthy and deletes it.
        sessions.get(home).close();
        agones.setState(home, "Unhealthy");
        agones.delete(home);
        String other = home.equals("gs-a") ? "gs-b" : "gs-a";
        // Its watch shows the loss within about a second; until then a lookup may still name the dead server, and
        // clients that fail to connect there simply look the room up again.
        await(() -> two.get("/api/fleet", null).json().get("servers").asArray().size() == 1, "the replica saw the server go");
        JsonObject moved = two.get("/api/rooms/" + roomId, two.login("bob")).json();
        assertEquals("127.0.0.1:" + sessions.get(other).port(), moved.getString("host", null), "placed again, same id");
        assertEquals(List.of(other), agones.holders(roomId), "on one server");
        ChatClient back = ChatClient.connect(moved);
        open.add(back);
        JsonObject snapshot = back.await(s -> texts(s).size() == 2, "the history, from the shared DATA_DIR");
        assertTrue(texts(snapshot).contains("hello from alice"));

        // Everyone leaves: after ROOM_IDLE_SECONDS the room closes, frees its slot and the server is Ready again.
        back.close();
        alice.close();
        bob.close();
        await(() -> agones.rooms(other).isEmpty(), "the idle room's id left the list");
        await(() -> "Ready".equals(agones.state(other)), "Ready again with no rooms, so the fleet can scale down");

        // A drain: marked draining at once (no new allocations), then its rooms freed and the GameServer shut down.
        String second = one.post("/api/rooms", "", one.login("carol")).json().getString("roomId", null);
        assertEquals(List.of(other), agones.holders(second));
        ChatClient carol = ChatClient.connect(one.get("/api/rooms/" + second, one.login("carol")).json());
        open.add(carol);
        carol.await(s -> s.get("connectedUsers").asArray().size() == 1, "carol is in");
        var draining = sessions.get(other).drain();
        await(() -> "true".equals(agones.labels(other).get("agones.dev/sdk-draining")) || agones.state(other) == null,
                "labelled draining");
        draining.get(30, java.util.concurrent.TimeUnit.SECONDS);
        await(() -> agones.state(other) == null, "the GameServer was shut down");
        assertTrue(agones.holders(second).isEmpty(), "its room left with it");
    }

    private boolean awaitHealth(String name) throws Exception {
        await(() -> sidecars.get(name).healthCalls() > 0, "a health report");
        return true;
    }

    @Test
    void aRoomNotInTheListIsRefusedUnlessItsTokenIsFresh() throws Exception {
        Path token = startAgones();
        startGameServer("gs-a", Files.createDirectory(dir.resolve("data")));
        await(() -> "Ready".equals(agones.state("gs-a")), "Ready");
        SessionServer server = sessions.get("gs-a");
        scalablechat.common.Tokens stale = new scalablechat.common.Tokens(TestServers.SECRET,
                java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(-2)));
        String staleToken = stale.sessionToken("mallory", "notallocatedhere", server.host());
        ChatClient refused = ChatClient.connect(Json.object().add("host", server.host()).add("token", staleToken));
        open.add(refused);
        String reason = refused.awaitClose();
        assertTrue(reason.contains("1013") || reason.contains("hosted by another server"), reason);
        assertFalse(agones.rooms("gs-a").contains("notallocatedhere"));

        String freshToken = new scalablechat.common.Tokens(TestServers.SECRET).sessionToken("ana", "justallocated", server.host());
        ChatClient admitted = ChatClient.connect(Json.object().add("host", server.host()).add("token", freshToken));
        open.add(admitted);
        admitted.await(s -> s.get("connectedUsers").asArray().size() == 1, "a fresh token opens the room");
        await(() -> agones.rooms("gs-a").contains("justallocated"), "and the room takes a slot in the list");
    }

    @Test
    void aSidecarThatFailsAtFirstDelaysReadyButNeverStopsTheServer() throws Exception {
        agones = new FakeAgones("chat", "scalable-chat", "sa-token");
        open.add(agones);
        agones.addStartingGameServer("gs-a", 4, "node-1");
        FakeSdkSidecar sidecar = new FakeSdkSidecar(agones, "gs-a");
        open.add(sidecar);
        sidecar.failing(true);
        Map<String, String> env = sessionEnv(sidecar, Files.createDirectory(dir.resolve("data")));
        SessionServer server = SessionServer.start(SessionConfig.from(new Env(env)));
        open.add(server);
        agones.setPort("gs-a", server.port());
        Thread.sleep(1500);
        assertEquals("Scheduled", agones.state("gs-a"), "not Ready while the sidecar fails");
        assertFalse(server.stopped().isDone(), "the server keeps running");
        sidecar.failing(false);
        await(() -> "Ready".equals(agones.state("gs-a")), "Ready once the sidecar answers");
        await(() -> sidecar.healthCalls() > 0, "health reports");
        assertEquals("127.0.0.1:" + server.port(), server.host());
    }

    private static final class Json {
        static JsonObject object() {
            return com.eclipsesource.json.Json.object();
        }
    }
}
