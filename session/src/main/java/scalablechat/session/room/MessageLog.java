package scalablechat.session.room;

import scalablechat.session.store.NewMessage;
import scalablechat.session.store.RoomLog;
import scalablechat.session.store.StoredMessage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One open room's messages, as its {@link Room} sees them: the durable log in {@code DATA_DIR}
 * ({@link StoredMessageLogs}), or a test's own. The log is the only source of message ids.
 */
public interface MessageLog extends AutoCloseable {
    /** The newest messages stored when the log opened, in id order (at most ROOM_HISTORY_SIZE). */
    List<StoredMessage> recent();

    /** The highest id the log may have given out: its last message's, or above it after recovering from damage. */
    default long lastId() {
        List<StoredMessage> recent = recent();
        return recent.isEmpty() ? 0 : recent.get(recent.size() - 1).id();
    }

    /**
     * Stores a message under the next id and completes with it once it is durable, or exceptionally when it
     * could not be stored (then it took no id). Never waits for a sync. Completions come in append order, on a
     * thread of the log's (keep the work in them short), or already before this returns (under FSYNC=never).
     *
     * @throws IllegalArgumentException when the message cannot be stored as it is
     */
    CompletableFuture<StoredMessage> append(NewMessage message);

    /**
     * Up to {@code count} of the newest stored messages with ids below {@code beforeId}, oldest first, for paging
     * back through history. Called off the room's mailbox, from any thread, as it may read the disk. This default
     * serves a log that holds all its messages in {@link #recent()}.
     */
    default RoomLog.Page before(long beforeId, int count) throws IOException {
        List<StoredMessage> recent = recent();
        int below = 0;
        while (below < recent.size() && recent.get(below).id() < beforeId) {
            below++;
        }
        int from = Math.max(0, below - count);
        return new RoomLog.Page(List.copyOf(recent.subList(from, below)), from > 0);
    }

    /** Appends made and not yet being written: how far the disk is behind. Any thread; for scrapes. */
    default int waitingAppends() {
        return 0;
    }

    /** Completes the appends already made, then releases the log. Blocks until then. */
    @Override
    void close();
}
