package scalablechat.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages a room still holds, and where its message ids come from: ids start at 1 and rise
 * by exactly one. Keeps the newest {@code retained} messages for snapshots, resume and duplicate
 * detection. This is the seam where a durable log plugs in; used only from the room's mailbox.
 */
final class RoomHistory {
    /** What a resuming client gets: the messages it missed, and whether that is all of them. */
    record Resume(List<ChatMessage> messages, boolean recovered) {}

    private final ChatMessage[] ring;
    private final Map<String, ChatMessage> byCid = new HashMap<>();
    private long lastId;
    private int size;

    RoomHistory(int retained) {
        this.ring = new ChatMessage[retained];
    }

    /** Stores a new message under the next id, forgetting the oldest when full. */
    ChatMessage append(String userId, String text, String cid, Instant ts) {
        ChatMessage message = new ChatMessage(lastId + 1, userId, text, ts, cid);
        int slot = slot(message.id());
        ChatMessage evicted = ring[slot];
        if (evicted != null && evicted.cid() != null) {
            byCid.remove(cidKey(evicted.userId(), evicted.cid()));
        }
        ring[slot] = message;
        lastId = message.id();
        size = Math.min(size + 1, ring.length);
        if (cid != null) {
            byCid.put(cidKey(userId, cid), message);
        }
        return message;
    }

    /** The retained message that {@code userId} sent with {@code cid}, or null. */
    ChatMessage findByCid(String userId, String cid) {
        return byCid.get(cidKey(userId, cid));
    }

    long lastId() {
        return lastId;
    }

    /** Up to {@code count} newest messages, oldest first. */
    List<ChatMessage> newest(int count) {
        return range(lastId - Math.min(count, size) + 1);
    }

    /**
     * Every message after {@code since}, when all of them are still held; otherwise (or when
     * {@code since} is an id this room never gave out) the newest {@code fallbackCount} and
     * {@code recovered = false}, so the client knows it has a gap.
     */
    Resume since(long since, int fallbackCount) {
        long oldestHeld = lastId - size + 1;
        if (since > lastId || since + 1 < oldestHeld) {
            return new Resume(newest(fallbackCount), false);
        }
        return new Resume(range(since + 1), true);
    }

    private List<ChatMessage> range(long fromId) {
        int count = (int) (lastId - fromId + 1);
        ChatMessage[] out = new ChatMessage[Math.max(0, count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring[slot(fromId + i)];
        }
        return List.of(out);
    }

    private int slot(long id) {
        return (int) (id % ring.length);
    }

    private static String cidKey(String userId, String cid) {
        // User ids cannot contain control characters, so \n cannot be forged into a collision.
        return userId + '\n' + cid;
    }
}
