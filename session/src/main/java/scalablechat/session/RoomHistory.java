package scalablechat.session;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest messages of a room, kept in memory for snapshots, welcomes, resume and duplicate
 * detection: at most {@code retained}, with contiguous ids. The ids themselves come from the
 * room's {@link MessageLog}. Used only from the room's mailbox.
 */
final class RoomHistory {
    /** What a resuming client gets: the messages it missed, and whether that is all of them. */
    record Resume(List<ChatMessage> messages, boolean recovered) {}

    private final ChatMessage[] ring;
    private final Map<String, ChatMessage> byCid = new HashMap<>();
    private long lastId;
    private int size;

    /** @param stored the newest messages the room's log already holds, oldest first */
    RoomHistory(int retained, List<ChatMessage> stored) {
        this.ring = new ChatMessage[retained];
        if (!stored.isEmpty()) {
            lastId = stored.get(0).id() - 1;
            for (ChatMessage message : stored) {
                add(message);
            }
        }
    }

    /** Keeps a newly stored message, forgetting the oldest when full; its id must follow the last one. */
    void add(ChatMessage message) {
        if (message.id() != lastId + 1) {
            throw new IllegalStateException("message " + message.id() + " does not follow " + lastId);
        }
        int slot = slot(message.id());
        ChatMessage evicted = ring[slot];
        if (evicted != null && evicted.cid() != null) {
            byCid.remove(cidKey(evicted.userId(), evicted.cid()));
        }
        ring[slot] = message;
        lastId = message.id();
        size = Math.min(size + 1, ring.length);
        if (message.cid() != null) {
            byCid.put(cidKey(message.userId(), message.cid()), message);
        }
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

    static String cidKey(String userId, String cid) {
        // User ids cannot contain control characters, so \n cannot be forged into a collision.
        return userId + '\n' + cid;
    }
}
