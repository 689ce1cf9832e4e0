package scalablechat.session.store;

import java.util.Objects;

/**
 * A message to append to a room's log. It has no id yet: the log gives it the next id when it is written,
 * so the ids on disk stay contiguous even when a write fails (see {@link RoomLog#append}).
 */
public record NewMessage(String userId, String text, long timestampMillis, String cid) {
    public NewMessage {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(text, "text");
    }

    StoredMessage withId(long id) {
        return new StoredMessage(id, userId, text, timestampMillis, cid);
    }
}
