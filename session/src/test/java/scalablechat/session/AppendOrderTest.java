package scalablechat.session;

import org.junit.jupiter.api.Test;
import scalablechat.session.room.MessageLog;
import scalablechat.session.room.MessageLogs;
import scalablechat.session.store.NewMessage;
import scalablechat.session.store.StoredMessage;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A message whose append is already complete when the room looks (a fast disk) must still wait for the earlier
 * messages whose completions are queued in the room's mailbox. Regression test: it once overtook them, and the
 * room's history refused it ("message 18 does not follow 0"), losing the delivery.
 */
class AppendOrderTest {
    /** Holds the first append; the second completes the first on another thread, then itself, before returning. */
    static final class OvertakingLog implements MessageLog, MessageLogs {
        private long lastId;
        private CompletableFuture<StoredMessage> first;

        @Override
        public List<StoredMessage> recent() {
            return List.of();
        }

        @Override
        public CompletableFuture<StoredMessage> append(NewMessage m) {
            long id = ++lastId;
            StoredMessage stored = new StoredMessage(id, m.userId(), m.text(), m.timestampMillis(), m.cid());
            if (id == 1) {
                first = new CompletableFuture<>();
                return first;
            }
            if (id == 2) {
                // In append order, as the contract asks, on the log's own thread; the room's mailbox is busy
                // with this very append, so the first one's completion is queued there.
                StoredMessage one = new StoredMessage(1, "alice", "one", m.timestampMillis(), null);
                try {
                    Thread.ofVirtual().start(() -> first.complete(one)).join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return CompletableFuture.completedFuture(stored);
        }

        @Override
        public void close() {
        }

        @Override
        public MessageLog open(String roomId) throws IOException {
            return this;
        }

        @Override
        public boolean isStored(String roomId) {
            return false;
        }
    }

    @Test
    void aCompleteAppendWaitsForEarlierOnesStillQueued() throws Exception {
        try (Harness harness = Harness.start(Map.of(), new OvertakingLog());
             TestClient alice = harness.joinedV2("alice", "r1")) {
            alice.sendV2("one", null);
            alice.sendV2("two", null);
            assertEquals(1, alice.expect("message").getLong("id", 0));
            assertEquals(2, alice.expect("message").getLong("id", 0));
            alice.sendV2("three", null);
            assertEquals(3, alice.expect("message").getLong("id", 0));
        }
    }
}
