package scalablechat.session.room;

import scalablechat.session.store.CommitListener;
import scalablechat.session.store.FsyncPolicy;
import scalablechat.session.store.NewMessage;
import scalablechat.session.store.RoomLog;
import scalablechat.session.store.RoomStore;
import scalablechat.session.store.StoredMessage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Room logs kept durably by the {@link RoomStore} in {@code DATA_DIR} (docs/STORAGE.md). */
public final class StoredMessageLogs implements MessageLogs {
    private final RoomStore store;

    /** Logs in {@code dataDir} (DATA_DIR), synced as {@code fsync} says; see {@link RoomSettings} for the rest. */
    public StoredMessageLogs(Path dataDir, FsyncPolicy fsync, int historySize, long maxLogBytes, CommitListener listener) {
        this.store = new RoomStore(dataDir, fsync, historySize, listener, maxLogBytes);
    }

    @Override
    public MessageLog open(String roomId) throws IOException {
        RoomLog log = store.open(roomId);
        return new MessageLog() {
            @Override
            public List<StoredMessage> recent() {
                return log.recent();
            }

            @Override
            public long lastId() {
                return log.lastId();
            }

            @Override
            public CompletableFuture<StoredMessage> append(NewMessage message) {
                return log.append(message);
            }

            @Override
            public RoomLog.Page before(long beforeId, int count) throws IOException {
                return log.before(beforeId, count);
            }

            @Override
            public int waitingAppends() {
                return log.waitingAppends();
            }

            @Override
            public void close() {
                log.close();
            }
        };
    }

    @Override
    public boolean isStored(String roomId) {
        return store.exists(roomId);
    }
}
