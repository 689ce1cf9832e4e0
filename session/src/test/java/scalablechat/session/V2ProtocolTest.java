package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every frame type of scalable-chat.v2, and how it mixes with the original protocol. */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class V2ProtocolTest {
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1000", "SEND_RATE_BURST", "1000"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    static List<String> strings(JsonValue array) {
        List<String> out = new ArrayList<>();
        array.asArray().forEach(v -> out.add(v.asString()));
        return out;
    }

    @Test
    void welcomeComesFirst() throws Exception {
        try (TestClient alice = harness.v2("alice", "r1")) {
            assertEquals(Harness.V2, alice.subprotocol());
            JsonObject welcome = alice.expect("welcome");
            assertEquals("r1", welcome.getString("roomId", null));
            assertEquals("alice", welcome.getString("userId", null));
            assertEquals(List.of("alice"), strings(welcome.get("users")));
            assertEquals(0, welcome.get("messages").asArray().size());
            assertFalse(welcome.getBoolean("recovered", true), "nothing to recover without since");

            alice.sendV2("one", null);
            alice.expect("message");
            try (TestClient bob = harness.v2("bob", "r1")) {
                JsonObject second = bob.expect("welcome");
                assertEquals(List.of("alice", "bob"), strings(second.get("users")));
                JsonObject message = second.get("messages").asArray().get(0).asObject();
                assertEquals("message", message.getString("type", null));
                assertEquals("one", message.getString("text", null));
            }
        }
    }

    @Test
    void messageEventCarriesIdUserTextTimestampAndCid() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            alice.sendV2("hello  ", "c-17");
            JsonObject message = alice.expect("message");
            assertEquals(1, message.getLong("id", 0));
            assertEquals("alice", message.getString("userId", null));
            assertEquals("hello", message.getString("text", null));
            assertEquals("c-17", message.getString("cid", null));
            assertTrue(message.getString("ts", "").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
            alice.sendV2("no cid", null);
            JsonObject plain = alice.expect("message");
            assertEquals(2, plain.getLong("id", 0));
            assertNull(plain.get("cid"), "cid only when the sender gave one");
        }
    }

    @Test
    void joinAndLeaveFollowAUsersFirstAndLastConnection() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            TestClient bob1 = harness.joinedV2("bob", "r1");
            assertEquals("bob", alice.expect("join").getString("userId", null));
            TestClient bob2 = harness.joinedV2("bob", "r1");
            bob1.close();
            harness.awaitConnections("r1", 2);
            bob2.close();
            assertEquals("bob", alice.expect("leave").getString("userId", null),
                    "no join for bob's second connection, one leave after his last");
        }
    }

    @Test
    void rejectedInputGetsAnErrorAndTheConnectionStaysOpen() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1")) {
            alice.expect("join");
            String[][] cases = {
                    {"{\"type\":\"send\",\"text\":\"" + "x".repeat(1001) + "\"}", "too_long"},
                    {"{\"type\":\"send\",\"text\":\" \\n\\t \"}", "empty"},
                    {"{\"type\":\"send\",\"text\":\"\"}", "empty"},
                    {"this is not json", "bad_frame"},
                    {"[1,2]", "bad_frame"},
                    {"{\"text\":\"no type\"}", "bad_frame"},
                    {"{\"type\":\"shout\",\"text\":\"hi\"}", "bad_frame"},
                    {"{\"type\":\"send\"}", "bad_frame"},
                    {"{\"type\":\"send\",\"text\":42}", "bad_frame"},
                    {"{\"type\":\"send\",\"text\":\"hi\",\"cid\":\"" + "c".repeat(65) + "\"}", "bad_frame"},
                    {"{\"type\":\"send\",\"text\":\"hi\",\"cid\":7}", "bad_frame"},
                    {"{\"type\":\"send\",\"text\":\"half a pair \\ud83d\"}", "bad_frame"},
            };
            for (String[] each : cases) {
                alice.send(each[0]);
                JsonObject error = alice.expect("error");
                assertEquals(each[1], error.getString("code", null), each[0]);
                assertFalse(error.getString("message", "").isEmpty());
            }
            alice.sendV2("x".repeat(1000), null); // exactly the limit
            assertEquals(1, alice.expect("message").getLong("id", 0), "nothing before was stored");
            assertEquals(1, bob.expect("message").getLong("id", 0), "and nothing was broadcast");
            String emoji = "\uD83D\uDE00".repeat(1000); // 1000 characters, 2000 UTF-16 units
            alice.sendV2(emoji, null);
            assertEquals(emoji, alice.expect("message").getString("text", null));
        }
    }

    @Test
    void binaryFramesAreBadFrames() throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(harness.server.port(),
                "token=" + java.net.URLEncoder.encode(harness.token("alice", "r1"), java.nio.charset.StandardCharsets.UTF_8),
                Harness.V2, 0)) {
            raw.readFrame(); // welcome
            raw.write(RawWebSocket.clientFrame(2, new byte[] {1, 2, 3}));
            JsonObject error = Json.parse(raw.readFrame().text()).asObject();
            assertEquals("bad_frame", error.getString("code", null));
        }
    }

    @Test
    void aResentCidIsAcknowledgedButNotStoredAgain() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1")) {
            alice.expect("join");
            alice.sendV2("hello", "c1");
            JsonObject first = alice.expect("message");
            assertEquals(first.toString(), bob.expect("message").toString());

            alice.sendV2("hello", "c1");
            assertEquals(first.toString(), alice.expect("message").toString(), "the stored message is the ack");
            bob.sendV2("same cid, other user", "c1");
            assertEquals(2, bob.expect("message").getLong("id", 0), "cids are per user");
            alice.expect("message");

            alice.close();
            try (TestClient again = harness.joinedV2("alice", "r1")) {
                again.sendV2("hello", "c1"); // a resend from a new connection after a reconnect
                assertEquals(1, again.expect("message").getLong("id", 0));
                again.sendV2("next", "c2");
                bob.expect("leave");
                bob.expect("join");
                JsonObject next = bob.expect("message");
                assertEquals(3, next.getLong("id", 0), "the resend reached nobody else");
                assertEquals("next", next.getString("text", null));
            }
        }
    }

    @Test
    void bothProtocolsShareOneRoom() throws Exception {
        try (TestClient victor = harness.joinedV2("victor", "r1");
             TestClient olga = harness.original("olga", "r1")) {
            JsonObject joined = olga.nextJson();
            assertEquals(List.of("victor", "olga"), strings(joined.get("connectedUsers")));
            assertEquals("olga", victor.expect("join").getString("userId", null));

            olga.send("from the original");
            JsonObject event = victor.expect("message");
            assertEquals("olga", event.getString("userId", null));
            assertEquals("from the original", event.getString("text", null));
            assertNull(event.get("cid"));
            olga.nextJson();

            victor.sendV2("from v2", "c9");
            victor.expect("message");
            JsonObject snapshot = olga.nextJson();
            JsonObject last = snapshot.get("messages").asArray().get(1).asObject();
            assertEquals("victor", last.getString("userId", null));
            assertEquals("from v2", last.getString("msg", null));
            assertNull(last.get("cid"), "snapshots keep the original's shape");

            victor.close();
            assertEquals(List.of("olga"), strings(olga.nextJson().get("connectedUsers")));
        }
    }
}
