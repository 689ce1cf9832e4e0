package scalablechat.session.store;

import java.util.Objects;

/**
 * A chat message as it is on disk: {@code id} is the room's sequence number (from 1, +1 each, never reused),
 * {@code cid} is the sender's own id for the message, or null when the sender gave none.
 */
public record StoredMessage(long id, String userId, String text, long timestampMillis, String cid) {
    public StoredMessage {
        if (id < 1) {
            throw new IllegalArgumentException("message ids start at 1, got " + id);
        }
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(text, "text");
    }
}
