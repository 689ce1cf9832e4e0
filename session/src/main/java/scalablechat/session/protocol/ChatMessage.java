package scalablechat.session.protocol;

import scalablechat.session.store.StoredMessage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One stored chat message. Immutable, and serialized once for each protocol when created, so a
 * fan-out, a welcome or a snapshot reuses the same text instead of encoding it per recipient.
 */
public final class ChatMessage {
    /** The original's timestamps are JavaScript's {@code toISOString()}: always milliseconds, always Z. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final long id;
    private final String userId;
    private final String text;
    private final String timestamp;
    private final String cid;
    private final String v2Json;
    private final String originalJson;

    public ChatMessage(long id, String userId, String text, Instant ts, String cid) {
        this.id = id;
        this.userId = userId;
        this.text = text;
        this.timestamp = TIMESTAMP.format(ts);
        this.cid = cid;
        this.v2Json = V2Protocol.message(this);
        this.originalJson = OriginalProtocol.message(this);
    }

    /** Messages as the log returned them, in the same order. */
    public static java.util.List<ChatMessage> ofAll(java.util.List<StoredMessage> stored) {
        java.util.List<ChatMessage> messages = new java.util.ArrayList<>(stored.size());
        for (StoredMessage message : stored) {
            messages.add(of(message));
        }
        return messages;
    }

    public static ChatMessage of(StoredMessage stored) {
        return new ChatMessage(stored.id(), stored.userId(), stored.text(), Instant.ofEpochMilli(stored.timestampMillis()),
                stored.cid());
    }

    public long id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public String text() {
        return text;
    }

    /** ISO-8601 UTC with milliseconds, e.g. 2026-11-27T12:00:00.000Z. */
    public String timestamp() {
        return timestamp;
    }

    /** The sender's client id for this message, or null when it gave none. */
    public String cid() {
        return cid;
    }

    /** The v2 {@code message} event for this message. */
    public String v2Json() {
        return v2Json;
    }

    /** This message as an element of the original protocol's snapshot. */
    public String originalJson() {
        return originalJson;
    }
}
