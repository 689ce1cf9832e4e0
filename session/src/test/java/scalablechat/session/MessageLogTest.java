package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A room with a log that completes appends only when the test says so, as a durable log does when
 * the disk is slow: nothing is shown before it is stored, and a drain waits for it.
 */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class MessageLogTest {
    /** Holds every append until {@link #store} or {@link #fail}. */
    static final class ControlledLog implements MessageLog {
        record Append(String userId, String text, String cid, Instant timestamp, CompletableFuture<ChatMessage> result) {}

        private final BlockingQueue<Append> appends = new LinkedBlockingQueue<>();
        private final List<ChatMessage> recent;
        private long lastId;

        ControlledLog(List<ChatMessage> recent) {
            this.recent = recent;
            this.lastId = recent.isEmpty() ? 0 : recent.get(recent.size() - 1).id();
        }

        @Override
        public List<ChatMessage> recent() {
            return recent;
        }

        @Override
        public CompletableFuture<ChatMessage> append(String userId, String text, String cid, Instant timestamp) {
            Append append = new Append(userId, text, cid, timestamp, new CompletableFuture<>());
            appends.add(append);
            return append.result();
        }

        Append next() throws InterruptedException {
            Append append = appends.poll(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(append, "no append arrived");
            return append;
        }

        synchronized void store(Append append) {
            lastId++;
            append.result().complete(new ChatMessage(lastId, append.userId(), append.text(), append.timestamp(), append.cid()));
        }

        void fail(Append append) {
            append.result().completeExceptionally(new IOException("disk full"));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aMessageIsShownOnlyOnceStoredAndAQuickResendIsNotStoredTwice() throws Exception {
        ControlledLog log = new ControlledLog(List.of());
        try (Harness harness = Harness.start(Map.of(), log);
             TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1")) {
            alice.expect("join");
            alice.sendV2("hello", "c1");
            ControlledLog.Append append = log.next();
            alice.sendV2("hello", "c1"); // resent before the first was stored
            assertNull(bob.poll(300), "nothing is shown before it is stored");
            log.store(append);
            assertEquals(1, bob.expect("message").getLong("id", 0));
            assertEquals(1, alice.expect("message").getLong("id", 0));
            bob.sendV2("next", null);
            log.store(log.next());
            assertEquals("next", alice.expect("message").getString("text", null), "the resend was not stored again");
        }
    }

    @Test
    void aFailedAppendClosesTheSenderAndTakesNoId() throws Exception {
        ControlledLog log = new ControlledLog(List.of());
        try (Harness harness = Harness.start(Map.of(), log);
             TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1")) {
            alice.expect("join");
            alice.sendV2("lost", "c1");
            log.fail(log.next());
            TestClient.Close close = alice.awaitClose();
            assertEquals(1011, close.code());
            assertEquals("message could not be stored", close.reason());
            bob.sendV2("kept", null);
            log.store(log.next());
            JsonObject frame = bob.nextJson();
            if ("leave".equals(frame.getString("type", null))) {
                frame = bob.nextJson();
            }
            assertEquals(1, frame.getLong("id", 0));
            assertEquals("kept", frame.getString("text", null));
        }
    }

    @Test
    void aDrainWaitsForAppendsInProgress() throws Exception {
        ControlledLog log = new ControlledLog(List.of());
        try (Harness harness = Harness.start(Map.of(), log);
             TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1")) {
            alice.expect("join");
            alice.sendV2("in flight", null);
            ControlledLog.Append append = log.next();
            CompletableFuture<Void> stopped = harness.server.drain();
            assertNull(bob.poll(300));
            assertFalse(bob.isClosed(), "the room waits for the append before closing anyone");
            log.store(append);
            assertEquals("in flight", bob.expect("message").getString("text", null));
            assertEquals(1001, bob.awaitClose().code());
            assertEquals("in flight", alice.expect("message").getString("text", null));
            assertEquals(1001, alice.awaitClose().code());
            stopped.get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRoomStartsFromWhatItsLogHolds() throws Exception {
        Instant then = Instant.parse("2026-11-27T12:00:00Z");
        ControlledLog log = new ControlledLog(List.of(new ChatMessage(7, "carol", "before the restart", then, "c7")));
        try (Harness harness = Harness.start(Map.of(), log)) {
            try (TestClient alice = TestClient.connect(harness.uri("alice", "r1", 6), Harness.V2)) {
                JsonObject welcome = alice.expect("welcome");
                assertEquals(true, welcome.getBoolean("recovered", false));
                JsonObject message = welcome.get("messages").asArray().get(0).asObject();
                assertEquals(7, message.getLong("id", 0));
                assertEquals("2026-11-27T12:00:00.000Z", message.getString("ts", null));
                alice.sendV2("after", null);
                log.store(log.next());
                assertEquals(8, alice.expect("message").getLong("id", 0), "ids go on from the log's");
            }
        }
    }
}
