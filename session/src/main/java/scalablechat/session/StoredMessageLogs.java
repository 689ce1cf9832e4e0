package scalablechat.session;

import scalablechat.session.store.CommitListener;
import scalablechat.session.store.NewMessage;
import scalablechat.session.store.RoomLog;
import scalablechat.session.store.RoomStore;
import scalablechat.session.store.StoredMessage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Room logs kept durably by the {@link RoomStore} in {@code DATA_DIR} (docs/STORAGE.md). */
final class StoredMessageLogs implements MessageLogs {
    private final RoomStore store;

    StoredMessageLogs(SessionConfig config, CommitListener listener) {
        this.store = new RoomStore(config.dataDir(), config.fsync(), config.roomHistorySize(), listener,
                config.maxRoomLogBytes());
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
