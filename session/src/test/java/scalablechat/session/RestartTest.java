package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.session.room.Member;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session server stopped in the middle of a stream of messages (drained as by SIGTERM, closed, or
 * killed with SIGKILL as a separate process), then started again on the same DATA_DIR: every message
 * any client saw is still there with the same id, ids go on, and resuming with {@code since} gives
 * exactly what was missed, nothing twice.
 */
class RestartTest {
    private static final String ROOM = "r1";
    /** Seen by the watching client before the server is stopped: the stream is well under way. */
    private static final int SEEN_BEFORE_STOP = 20;
    /** Fewer than ROOM_HISTORY_SIZE, so a client resuming from 0 gets the whole room. */
    private static final int MAX_STREAMED = 800;
    private static final Map<String, String> FAST_SENDS = Map.of(
            "SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000", "FSYNC", "always");

    @TempDir
    Path dataDir;

    /** Builds a connect URL for a user, resuming after {@code since} (or not, with Member.NO_SINCE). */
    @FunctionalInterface
    interface Urls {
        URI uri(String userId, long since);
    }

    /** A message as a client saw it. */
    record Seen(long id, String userId, String text, String cid) {
        static Seen of(JsonObject frame) {
            JsonValue cid = frame.get("cid");
            return new Seen(frame.getLong("id", -1), frame.getString("userId", null), frame.getString("text", null),
                    cid == null ? null : cid.asString());
        }
    }

    @Test
    void aDrainedServerRestartsWithEverything() throws Exception {
        Harness first = Harness.start(settings());
        Streaming stream = Streaming.start(urls(first));
        first.server.drain().get(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        stream.stopped();
        try (Harness second = Harness.start(settings())) {
            stream.checkAfterRestart(urls(second));
        }
    }

    @Test
    void aClosedServerRestartsWithEverything() throws Exception {
        Harness first = Harness.start(settings());
        Streaming stream = Streaming.start(urls(first));
        first.close();
        stream.stopped();
        try (Harness second = Harness.start(settings())) {
            stream.checkAfterRestart(urls(second));
        }
    }

    @Test
    void aKilledServerProcessRestartsWithEverythingItShowed() throws Exception {
        Streaming stream;
        try (SessionProcess child = SessionProcess.start(dataDir, FAST_SENDS)) {
            stream = Streaming.start((user, since) -> child.uri(user, ROOM, since));
            child.kill();
        }
        stream.stopped();
        // In-process this time: the kernel released the dead process's lock on the room.
        try (Harness second = Harness.start(settings())) {
            stream.checkAfterRestart(urls(second));
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(FAST_SENDS);
        settings.put("DATA_DIR", dataDir.toString());
        return settings;
    }

    private static Urls urls(Harness harness) {
        return (user, since) -> since == Member.NO_SINCE ? harness.uri(user, ROOM) : harness.uri(user, ROOM, since);
    }

    private static URI connectUri(Urls urls, String user) {
        return urls.uri(user, Member.NO_SINCE);
    }

    /**
     * Alice streams messages (each with a cid, a few ms apart) while Bob watches; the test stops the server
     * once Bob has seen some, and the stream runs on until its connection fails.
     */
    private static final class Streaming {
        private final TestClient alice;
        private final TestClient bob;
        private final List<String> sentCids = new CopyOnWriteArrayList<>();
        private final AtomicBoolean sending = new AtomicBoolean(true);
        private final Thread sender;
        /** Everything any client saw, by id. */
        private final Map<Long, Seen> seen = new LinkedHashMap<>();
        private final Map<String, Seen> acknowledged = new LinkedHashMap<>();
        private long bobLastId;
        private long aliceLastId;

        private Streaming(TestClient alice, TestClient bob) {
            this.alice = alice;
            this.bob = bob;
            this.sender = Thread.ofPlatform().name("alice-sends").start(this::send);
        }

        static Streaming start(Urls urls) throws Exception {
            TestClient bob = TestClient.connect(connectUri(urls, "bob"), Harness.V2);
            bob.expect("welcome");
            TestClient alice = TestClient.connect(connectUri(urls, "alice"), Harness.V2);
            alice.expect("welcome");
            bob.expect("join");
            Streaming stream = new Streaming(alice, bob);
            for (int i = 0; i < SEEN_BEFORE_STOP; i++) {
                stream.bobSaw(Seen.of(bob.expect("message")));
            }
            return stream;
        }

        private void send() {
            for (int i = 1; i <= MAX_STREAMED && sending.get(); i++) {
                String cid = "c" + i;
                sentCids.add(cid); // before sending: a send cut off midway may still have arrived
                try {
                    alice.sendV2("message " + i, cid);
                    Thread.sleep(2);
                } catch (Exception e) {
                    return; // the connection is gone
                }
            }
        }

        private void bobSaw(Seen message) {
            record(message);
            bobLastId = message.id();
        }

        private void record(Seen message) {
            Seen earlier = seen.putIfAbsent(message.id(), message);
            if (earlier != null) {
                assertEquals(earlier, message, "two clients saw different messages under one id");
            }
        }

        /** After the server stopped: collects everything the clients got before their connections ended. */
        void stopped() throws Exception {
            for (String frame : bob.drainUntilClosed()) {
                JsonObject json = com.eclipsesource.json.Json.parse(frame).asObject();
                if ("message".equals(json.getString("type", null))) {
                    bobSaw(Seen.of(json));
                }
            }
            for (String frame : alice.drainUntilClosed()) {
                JsonObject json = com.eclipsesource.json.Json.parse(frame).asObject();
                if ("message".equals(json.getString("type", null))) {
                    Seen ack = Seen.of(json);
                    record(ack);
                    acknowledged.put(ack.cid(), ack);
                    aliceLastId = ack.id();
                }
            }
            sending.set(false);
            sender.join(TestClient.WAIT.toMillis());
            alice.close();
            bob.close();
            assertTrue(seen.size() >= SEEN_BEFORE_STOP);
        }

        void checkAfterRestart(Urls urls) throws Exception {
            List<Seen> room = wholeRoom(urls, "carol");
            for (int i = 0; i < room.size(); i++) {
                assertEquals(i + 1, room.get(i).id(), "ids are contiguous from 1");
            }
            long lastId = room.size();
            for (Seen message : seen.values()) {
                assertEquals(message, room.get((int) message.id() - 1), "a message a client saw is stored as it was shown");
            }

            try (TestClient bobAgain = TestClient.connect(urls.uri("bob", bobLastId), Harness.V2)) {
                JsonObject welcome = bobAgain.expect("welcome");
                assertTrue(welcome.getBoolean("recovered", false));
                assertEquals(room.subList((int) bobLastId, room.size()), messages(welcome),
                        "bob resumes with exactly the messages after the last one he saw");
            }

            // Alice resends everything not acknowledged: what was stored is acknowledged with its id, the rest is new.
            try (TestClient aliceAgain = TestClient.connect(urls.uri("alice", aliceLastId), Harness.V2)) {
                JsonObject welcome = aliceAgain.expect("welcome");
                assertTrue(welcome.getBoolean("recovered", false));
                List<String> unacknowledged = new ArrayList<>();
                for (String cid : sentCids) {
                    if (!acknowledged.containsKey(cid)) {
                        unacknowledged.add(cid);
                    }
                }
                for (String cid : unacknowledged) {
                    aliceAgain.sendV2("message " + cid.substring(1), cid);
                }
                long nextNewId = lastId + 1;
                for (String cid : unacknowledged) {
                    Seen ack = Seen.of(aliceAgain.expect("message"));
                    assertEquals(cid, ack.cid(), "acknowledgements come in send order");
                    Seen stored = room.stream().filter(m -> cid.equals(m.cid())).findFirst().orElse(null);
                    if (stored != null) {
                        assertEquals(stored, ack, "a message stored before the stop is acknowledged, not stored again");
                    } else {
                        assertEquals(nextNewId++, ack.id(), "ids go on after the restart");
                    }
                }
            }

            List<Seen> after = wholeRoom(urls, "dave");
            Set<String> cids = new HashSet<>();
            for (Seen message : after) {
                assertTrue(cids.add(message.cid()), "stored once: " + message);
            }
            assertEquals(new HashSet<>(sentCids), cids, "every message alice sent is stored exactly once");
            System.out.println("restart: " + lastId + " stored before the stop, " + seen.size() + " of them seen, "
                    + (after.size() - lastId) + " resent after");
        }

        private static List<Seen> wholeRoom(Urls urls, String user) throws Exception {
            try (TestClient client = TestClient.connect(urls.uri(user, 0), Harness.V2)) {
                JsonObject welcome = client.expect("welcome");
                assertTrue(welcome.getBoolean("recovered", false), "the whole room is held");
                return messages(welcome);
            }
        }

        private static List<Seen> messages(JsonObject welcome) {
            JsonValue messages = welcome.get("messages");
            assertNotNull(messages);
            return messages.asArray().values().stream().map(v -> Seen.of(v.asObject())).toList();
        }
    }
}
