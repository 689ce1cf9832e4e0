package scalablechat.session;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a room's accepted messages are kept, and where their ids come from: the seam for the durable
 * per-room log. A room broadcasts a message only once its append has completed, so nothing is shown
 * that is not stored. Appends complete in the order they were made.
 */
interface MessageLog extends AutoCloseable {
    /** The newest messages already stored when the room opened, oldest first (at most the history size). */
    List<ChatMessage> recent();

    /**
     * Stores a message under the next id (the last one plus one; ids are never reused) and completes with it,
     * or exceptionally when it could not be stored (then it took no id). Never blocks the caller.
     */
    CompletableFuture<ChatMessage> append(String userId, String text, String cid, Instant timestamp);

    @Override
    void close();
}
