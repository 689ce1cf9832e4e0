package scalablechat.session.room;

import java.io.IOException;

/** Where each room's {@link MessageLog} comes from. */
public interface MessageLogs {
    /**
     * Opens and locks the room's log, loading its newest messages. Blocks on disk I/O: call it on a
     * virtual thread, never on a Java-WebSocket thread.
     *
     * @throws scalablechat.session.store.RoomLockedException when another process (or room) holds the log
     * @throws IOException when the log cannot be opened or read
     */
    MessageLog open(String roomId) throws IOException;

    /** Whether the room has a history here, open or not. */
    boolean isStored(String roomId);
}
