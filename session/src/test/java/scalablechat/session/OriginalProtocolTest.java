package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The original Scalable Chat protocol: text frames in, whole-room snapshots out. */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class OriginalProtocolTest {
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static List<String> users(JsonObject snapshot) {
        List<String> users = new ArrayList<>();
        snapshot.get("connectedUsers").asArray().forEach(v -> users.add(v.asString()));
        return users;
    }

    private static List<String> texts(JsonObject snapshot) {
        List<String> texts = new ArrayList<>();
        for (JsonValue m : snapshot.get("messages").asArray()) {
            texts.add(m.asObject().getString("msg", null));
        }
        return texts;
    }

    /** Reads snapshots until one lists {@code count} users. */
    private static JsonObject awaitUsers(TestClient client, int count) throws Exception {
        while (true) {
            JsonObject snapshot = client.nextJson();
            if (users(snapshot).size() == count) {
                return snapshot;
            }
        }
    }

    @Test
    void threeUsersEachReceiveEveryMessageInOrder() throws Exception {
        List<String> names = List.of("alice", "bob", "carol");
        List<TestClient> clients = new ArrayList<>();
        for (String name : names) {
            clients.add(harness.original(name, "r1"));
        }
        for (TestClient client : clients) {
            assertEquals(names, users(awaitUsers(client, 3)));
        }
        int perUser = 10;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < names.size(); u++) {
                TestClient client = clients.get(u);
                String name = names.get(u);
                senders.submit(() -> {
                    for (int i = 0; i < perUser; i++) {
                        client.send(name + "-" + i);
                    }
                    return null;
                });
            }
        }
        int total = perUser * names.size();
        List<List<String>> finals = new ArrayList<>();
        for (TestClient client : clients) {
            List<String> previous = List.of();
            // One snapshot per message, each extending the one before: nothing missing, nothing reordered.
            for (int i = 1; i <= total; i++) {
                JsonObject snapshot = client.nextJson();
                List<String> texts = texts(snapshot);
                assertEquals(i, texts.size(), "snapshot " + i);
                assertEquals(previous, texts.subList(0, i - 1));
                previous = texts;
                assertEquals(names, users(snapshot));
            }
            finals.add(previous);
        }
        assertEquals(finals.get(0), finals.get(1));
        assertEquals(finals.get(0), finals.get(2));
        for (String name : names) {
            List<String> own = finals.get(0).stream().filter(t -> t.startsWith(name + "-")).toList();
            assertEquals(perUser, own.size());
            for (int i = 0; i < perUser; i++) {
                assertEquals(name + "-" + i, own.get(i), "each sender's messages keep their order");
            }
        }
        clients.forEach(TestClient::close);
    }

    @Test
    void snapshotShapeMatchesTheOriginal() throws Exception {
        try (TestClient alice = harness.original("alice", "r1")) {
            JsonObject joined = alice.nextJson();
            assertEquals(List.of("alice"), users(joined));
            assertEquals(0, joined.get("messages").asArray().size());
            alice.send("hi  \n");
            JsonObject snapshot = alice.nextJson();
            assertEquals(2, snapshot.names().size(), "only messages and connectedUsers: " + snapshot);
            JsonObject message = snapshot.get("messages").asArray().get(0).asObject();
            assertEquals(List.of("userId", "msg", "ts"), message.names());
            assertEquals("alice", message.getString("userId", null));
            assertEquals("hi", message.getString("msg", null), "trailing whitespace is trimmed");
            assertTrue(message.getString("ts", "").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                    message.toString());
        }
    }

    @Test
    void emptyAndOverlongMessagesAreDropped() throws Exception {
        try (TestClient alice = harness.original("alice", "r1")) {
            alice.nextJson();
            alice.send("   ");
            alice.send("x".repeat(1001));
            alice.send("y".repeat(1000));
            JsonObject snapshot = alice.nextJson();
            assertEquals(List.of("y".repeat(1000)), texts(snapshot), "only the valid message was stored");
            assertNull(alice.poll(200), "the dropped ones caused no snapshot");
        }
    }

    @Test
    void snapshotCarriesTheNewest100ButTheRoomKeepsAccepting() throws Exception {
        try (Harness fast = Harness.start(Map.of("SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000"));
             TestClient alice = fast.original("alice", "r1")) {
            alice.nextJson();
            for (int i = 1; i <= 120; i++) {
                alice.send("m" + i);
            }
            JsonObject last = null;
            for (int i = 1; i <= 120; i++) {
                last = alice.nextJson();
            }
            List<String> texts = texts(last);
            assertEquals(100, texts.size());
            assertEquals("m21", texts.get(0));
            assertEquals("m120", texts.get(99));
        }
    }

    @Test
    void twoConnectionsOfOneUserCountOnce() throws Exception {
        try (TestClient alice1 = harness.original("alice", "r1");
             TestClient alice2 = harness.original("alice", "r1");
             TestClient bob = harness.original("bob", "r1")) {
            JsonObject snapshot = awaitUsers(bob, 2);
            assertEquals(List.of("alice", "bob"), users(snapshot));
            harness.awaitConnections("r1", 3);
            assertEquals(2, harness.roomStatus("r1").getInt("users", -1));

            alice1.close();
            harness.awaitConnections("r1", 2);
            assertEquals(2, harness.roomStatus("r1").getInt("users", -1), "alice is still there");
            alice2.close();
            assertEquals(List.of("bob"), users(awaitUsers(bob, 1)), "her last connection closing makes her leave");
        }
    }

    @Test
    void the101stUserIsRefusedWith1008() throws Exception {
        List<CompletableFuture<TestClient>> pending = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pending.add(TestClient.connectAsync(harness.uri("user" + i, "big"), Harness.V2));
        }
        List<TestClient> members = new ArrayList<>();
        for (CompletableFuture<TestClient> each : pending) {
            members.add(each.get());
        }
        for (TestClient member : members) {
            member.expect("welcome");
        }
        harness.awaitConnections("big", 100);
        try (TestClient extra = harness.original("user100", "big")) {
            TestClient.Close close = extra.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("Room is full", close.reason());
        }
        try (TestClient again = harness.v2("user7", "big")) {
            again.expect("welcome"); // a member's second connection still counts once
        }
        members.forEach(TestClient::close);
    }

    @Test
    void roomsPerServerIsALimit() throws Exception {
        try (Harness small = Harness.start(Map.of("ROOMS_PER_SERVER", "2"));
             TestClient a = small.original("alice", "room-a");
             TestClient b = small.original("alice", "room-b");
             TestClient c = small.original("alice", "room-c")) {
            a.nextJson();
            b.nextJson();
            TestClient.Close close = c.awaitClose();
            assertEquals(1013, close.code());
            assertEquals("server full", close.reason());
        }
    }

    @Test
    void concurrentFirstJoinsOpenOneRoom() throws Exception {
        List<Future<TestClient>> clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                String user = "u" + i;
                clients.add(pool.submit(() -> harness.original(user, "shared")));
            }
        }
        harness.awaitConnections("shared", 20);
        assertEquals(1, harness.status().getInt("rooms", -1));
        for (Future<TestClient> client : clients) {
            client.get().close();
        }
    }
}
