package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;
import scalablechat.session.room.MessageLog;
import scalablechat.session.room.MessageLogs;
import scalablechat.session.store.NewMessage;
import scalablechat.session.store.StoredMessage;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A room with a log that completes appends only when the test says so, as a durable log does when
 * the disk is slow or fails: nothing is shown before it is stored, a failure is told to its sender
 * only, and a drain waits for appends in progress. (PersistenceTest does the same with the real log.)
 */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class MessageLogTest {
    /** One log for every room, holding every append until {@link #store} or {@link #fail}. */
    static final class ControlledLog implements MessageLog, MessageLogs {
        record Append(NewMessage message, CompletableFuture<StoredMessage> result) {}

        private final BlockingQueue<Append> appends = new LinkedBlockingQueue<>();
        private final List<StoredMessage> recent;
        private final CountDownLatch openAllowed;
        private volatile Thread openedOn;
        private volatile boolean closed;
        private long lastId;

        ControlledLog(List<StoredMessage> recent) {
            this(recent, new CountDownLatch(0));
        }

        /** A log whose open waits until {@code openAllowed} is counted down. */
        ControlledLog(CountDownLatch openAllowed) {
            this(List.of(), openAllowed);
        }

        private ControlledLog(List<StoredMessage> recent, CountDownLatch openAllowed) {
            this.recent = recent;
            this.lastId = recent.isEmpty() ? 0 : recent.get(recent.size() - 1).id();
            this.openAllowed = openAllowed;
        }

        @Override
        public MessageLog open(String roomId) throws IOException {
            openedOn = Thread.currentThread();
            try {
                openAllowed.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted");
            }
            return this;
        }

        @Override
        public boolean isStored(String roomId) {
            return false;
        }

        @Override
        public List<StoredMessage> recent() {
            return recent;
        }

        @Override
        public CompletableFuture<StoredMessage> append(NewMessage message) {
            Append append = new Append(message, new CompletableFuture<>());
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
            NewMessage m = append.message();
            append.result().complete(new StoredMessage(lastId, m.userId(), m.text(), m.timestampMillis(), m.cid()));
        }

        void fail(Append append) {
            append.result().completeExceptionally(new IOException("No space left on device"));
        }

        @Override
        public void close() {
            closed = true;
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
    void aFailedAppendGivesItsSenderAnErrorFrameTakesNoIdAndKeepsTheConnection() throws Exception {
        ControlledLog log = new ControlledLog(List.of());
        try (Harness harness = Harness.start(Map.of(), log);
             TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1");
             TestClient carol = harness.original("carol", "r1")) {
            alice.expect("join");
            alice.expect("join");
            bob.expect("join");
            carol.next();
            alice.sendV2("lost", "c1");
            ControlledLog.Append first = log.next();
            alice.sendV2("lost", "c1"); // a resend while the first is pending gets the same outcome
            harness.awaitMetric("session_duplicates_acknowledged_total", 1);
            log.fail(first);
            for (int i = 0; i < 2; i++) {
                JsonObject error = alice.expect("error");
                assertEquals("storage_failed", error.getString("code", null));
                assertEquals("c1", error.getString("cid", null));
            }
            carol.send("lost too");
            log.fail(log.next());
            harness.awaitMetric("session_storage_failures_total", 2);

            alice.sendV2("lost", "c1"); // the client's resend is stored normally
            log.store(log.next());
            JsonObject stored = bob.expect("message");
            assertEquals(1, stored.getLong("id", 0), "the failed appends took no id");
            assertEquals("lost", stored.getString("text", null));
            assertEquals(1, alice.expect("message").getLong("id", 0));
            assertTrue(carol.next().contains("\"msg\":\"lost\""), "the original protocol's next snapshot");
            assertFalse(alice.isClosed() || bob.isClosed() || carol.isClosed(), "everyone is still connected");
            assertNull(bob.poll(200), "bob saw nothing of the failures");
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
            assertTrue(log.closed, "stopping closed the room's log");
        }
    }

    @Test
    void aRoomStartsFromWhatItsLogHolds() throws Exception {
        long then = java.time.Instant.parse("2026-11-27T12:00:00Z").toEpochMilli();
        ControlledLog log = new ControlledLog(List.of(new StoredMessage(7, "carol", "before the restart", then, "c7")));
        try (Harness harness = Harness.start(Map.of(), log)) {
            try (TestClient carol = TestClient.connect(harness.uri("carol", "r1", 6), Harness.V2)) {
                JsonObject welcome = carol.expect("welcome");
                assertEquals(true, welcome.getBoolean("recovered", false));
                JsonObject message = welcome.get("messages").asArray().get(0).asObject();
                assertEquals(7, message.getLong("id", 0));
                assertEquals("2026-11-27T12:00:00.000Z", message.getString("ts", null));
                carol.sendV2("before the restart", "c7");
                assertEquals(7, carol.expect("message").getLong("id", 0), "the cid window covers what the log held");
                carol.sendV2("after", null);
                log.store(log.next());
                assertEquals(8, carol.expect("message").getLong("id", 0), "ids go on from the log's");
            }
        }
    }

    @Test
    void aJoinWaitsForTheLogToOpenOnAVirtualThread() throws Exception {
        CountDownLatch openAllowed = new CountDownLatch(1);
        ControlledLog log = new ControlledLog(openAllowed);
        try (Harness harness = Harness.start(Map.of(), log);
             TestClient alice = harness.v2("alice", "r1")) {
            assertNull(alice.poll(300), "no welcome before the room's history is loaded");
            Thread opener = log.openedOn;
            assertNotNull(opener, "the log is being opened");
            assertTrue(opener.isVirtual(), "opened on a virtual thread, not on " + opener);
            openAllowed.countDown();
            alice.expect("welcome");
        }
    }

    @Test
    void aRoomWhoseLogCannotBeOpenedRefusesJoinsAndAdmissionsAndFreesItsSlot() throws Exception {
        MessageLogs unreadable = new MessageLogs() {
            @Override
            public MessageLog open(String roomId) throws IOException {
                throw new IOException("Input/output error");
            }

            @Override
            public boolean isStored(String roomId) {
                return true;
            }
        };
        try (Harness harness = Harness.start(Map.of("ROOMS_PER_SERVER", "1"), unreadable);
             TestClient alice = harness.v2("alice", "r1")) {
            TestClient.Close close = alice.awaitClose();
            assertEquals(1011, close.code());
            assertEquals("room cannot be opened here", close.reason());
            Harness.Answer admission = harness.internal("PUT", "/internal/rooms/r2");
            assertEquals(503, admission.status());
            assertTrue(admission.json().getString("error", "").contains("Input/output error"), admission.json().toString());
            Harness.Answer lookup = harness.internal("GET", "/internal/rooms/r1");
            assertEquals(404, lookup.status());
            assertTrue(lookup.json().getBoolean("stored", false));
            assertEquals(0, harness.status().getInt("rooms", -1), "the slot is free again");
            assertEquals(2, harness.metric("session_room_open_failures_total"));
        }
    }
}
