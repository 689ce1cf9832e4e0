package scalablechat.backend;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.scheduler.agones.FakeAgones;
import scalablechat.common.Env;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: two backend replicas with SCHEDULER=agones, sharing nothing but a (fake) Kubernetes API. */
class AgonesBackendTest {
    @TempDir
    Path dir;

    @Test
    void twoReplicasCreateAndFindRoomsAndShowTheGameServers() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "sa-token");
        try (FakeAgones agones = new FakeAgones("chat", "scalable-chat", "sa-token")) {
            agones.addGameServer("scalable-chat-x2b9-7qk4p", "203.0.113.7", 7342, 10, "node-1");
            agones.addGameServer("scalable-chat-x2b9-m8d2s", "203.0.113.8", 7343, 10, "node-2");
            Map<String, String> env = new HashMap<>();
            env.put("SCHEDULER", "agones");
            env.put("KUBERNETES_API", agones.uri().toString());
            env.put("KUBERNETES_TOKEN_FILE", token.toString());
            env.put("AGONES_NAMESPACE", "chat");
            env.put("ADMIN_TOKEN", "admin-token-0123456789");
            env.put("PORT", "0");
            env.put("JWT_SECRET", TestServers.SECRET);
            env.put("CLIENT_DIR", dir.toString());
            TestServers.applyHttpServerLimits();
            try (BackendServer one = BackendServer.start(BackendConfig.from(new Env(env)));
                 BackendServer two = BackendServer.start(BackendConfig.from(new Env(env)))) {
                TestHttp first = new TestHttp(one.port());
                TestHttp second = new TestHttp(two.port());
                awaitReady(first);
                awaitReady(second);
                String roomId = first.post("/api/rooms", "", first.login("alice")).json().getString("roomId", null);
                JsonObject found = second.get("/api/rooms/" + roomId, second.login("bob")).json();
                String expected = agones.holders(roomId).getFirst().endsWith("7qk4p") ? "203.0.113.7:7342" : "203.0.113.8:7343";
                assertEquals(expected, found.getString("host", null));
                assertTrue(found.get("token").isString(), "a session token for that server");
                JsonObject unknown = second.get("/api/rooms/k7m2x9q4w3e8r5t6-abcdefgh", second.login("bob")).json();
                assertTrue(unknown.get("host").isNull() && unknown.get("token").isNull(), unknown.toString());

                var fleet = first.get("/api/fleet", null);
                assertEquals("agones", fleet.json().getString("scheduler", null));
                assertEquals(2, fleet.json().get("servers").asArray().size());
                assertFalse(fleet.body().contains(roomId), "no room id without the admin token");
                boolean shown = false;
                for (JsonValue server : first.get("/api/fleet", "admin-token-0123456789").json().get("servers").asArray()) {
                    shown |= server.asObject().toString().contains(roomId);
                }
                assertTrue(shown, "room ids with the admin token");
            }
        }
    }

    private static void awaitReady(TestHttp http) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (http.get("/readyz", null).status() != 200) {
            assertTrue(System.nanoTime() < deadline, "the backend never became ready");
            Thread.sleep(20);
        }
    }
}
