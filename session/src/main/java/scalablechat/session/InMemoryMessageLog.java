package scalablechat.session;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A message log that keeps nothing beyond the room's lifetime: ids from a counter, appends done at once. */
final class InMemoryMessageLog implements MessageLog {
    /** Only the room's mailbox appends, one at a time. */
    private long lastId;

    @Override
    public List<ChatMessage> recent() {
        return List.of();
    }

    @Override
    public CompletableFuture<ChatMessage> append(String userId, String text, String cid, Instant timestamp) {
        lastId++;
        return CompletableFuture.completedFuture(new ChatMessage(lastId, userId, text, timestamp, cid));
    }

    @Override
    public void close() {
        // nothing to release
    }
}
