package scalablechat.session.room;

import scalablechat.session.protocol.ChatMessage;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest messages of a room, kept in memory for snapshots, welcomes, resume and duplicate
 * detection: at most {@code retained}, in id order. The ids themselves come from the room's
 * {@link MessageLog}; they rise by 1, except across damage the log recovered from, where some are lost.
 * Used only from the room's mailbox.
 */
public final class RoomHistory {
    /** What a resuming client gets: the messages it missed, and whether that is all of them. */
    public record Resume(List<ChatMessage> messages, boolean recovered) {}

    /** A page of older messages, oldest first; {@code more}: older ones exist before the first of them. */
    record Page(List<ChatMessage> messages, boolean more) {}

    private final ChatMessage[] ring;
    private final Map<String, ChatMessage> byCid = new HashMap<>();
    /** Messages ever added; the newest sits at {@code (added - 1) % ring.length}. */
    private long added;
    private int size;
    private long lastId;
    /** Every id from this one to {@link #lastId} is held: a resume from before it has a gap. */
    private long contiguousFrom = 1;
    /** The oldest held message is the log's first: memory answers every history page. */
    private boolean holdsFirst;

    /**
     * @param stored the newest messages the room's log already holds, oldest first
     * @param lastId the highest id the log may have given out: the last stored one, or above it after damage
     */
    public RoomHistory(int retained, List<ChatMessage> stored, long lastId) {
        this.ring = new ChatMessage[retained];
        holdsFirst = stored.size() < retained; // the log had no more than these
        if (!stored.isEmpty()) {
            contiguousFrom = stored.get(0).id();
            this.lastId = contiguousFrom - 1;
            for (ChatMessage message : stored) {
                keep(message);
            }
        }
        if (lastId > this.lastId) {
            this.lastId = lastId; // ids lost at the log's damaged end: nobody can resume across them
            contiguousFrom = lastId + 1;
        }
    }

    public RoomHistory(int retained, List<ChatMessage> stored) {
        this(retained, stored, stored.isEmpty() ? 0 : stored.get(stored.size() - 1).id());
    }

    /** Keeps a newly stored message, forgetting the oldest when full; its id must follow the last one. */
    public void add(ChatMessage message) {
        if (message.id() != lastId + 1) {
            throw new IllegalStateException("message " + message.id() + " does not follow " + lastId);
        }
        keep(message);
    }

    private void keep(ChatMessage message) {
        if (message.id() <= lastId) {
            throw new IllegalStateException("message " + message.id() + " is not after " + lastId);
        }
        if (message.id() != lastId + 1) {
            contiguousFrom = message.id(); // the log skipped damaged records
        }
        int slot = (int) (added % ring.length);
        ChatMessage evicted = ring[slot];
        if (evicted != null) {
            holdsFirst = false;
        }
        if (evicted != null && evicted.cid() != null) {
            byCid.remove(cidKey(evicted.userId(), evicted.cid()));
        }
        ring[slot] = message;
        added++;
        lastId = message.id();
        size = Math.min(size + 1, ring.length);
        if (size == ring.length) {
            contiguousFrom = Math.max(contiguousFrom, oldest().id());
        }
        if (message.cid() != null) {
            byCid.put(cidKey(message.userId(), message.cid()), message);
        }
    }

    /** The retained message that {@code userId} sent with {@code cid}, or null. */
    public ChatMessage findByCid(String userId, String cid) {
        return byCid.get(cidKey(userId, cid));
    }

    public long lastId() {
        return lastId;
    }

    /** Up to {@code count} newest messages, oldest first. */
    public List<ChatMessage> newest(int count) {
        return last(Math.min(count, size));
    }

    /**
     * Every message after {@code since}, when all of them are still held; otherwise (or when
     * {@code since} is an id this room never gave out, or lies in or before ids lost to damage) the newest
     * {@code fallbackCount} and {@code recovered = false}, so the client knows it has a gap.
     */
    public Resume since(long since, int fallbackCount) {
        long oldestHeld = size == 0 ? lastId + 1 : oldest().id();
        if (since > lastId || since + 1 < Math.max(oldestHeld, contiguousFrom)) {
            return new Resume(newest(fallbackCount), false);
        }
        int count = 0;
        while (count < size && at(size - 1 - count).id() > since) {
            count++;
        }
        return new Resume(last(count), true);
    }

    /**
     * The newest {@code count} held messages with ids below {@code beforeId}, or null when memory cannot answer:
     * fewer are held and older ones may be on disk only.
     */
    Page before(long beforeId, int count) {
        int below = heldBelow(beforeId);
        if (below >= count) {
            return new Page(range(below - count, below), below > count || !holdsFirst);
        }
        return holdsFirst ? new Page(range(0, below), false) : null;
    }

    /** How many held messages have ids below {@code id}: ids rise, so a binary search. */
    private int heldBelow(long id) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (at(middle).id() < id) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private List<ChatMessage> range(int from, int to) {
        ChatMessage[] out = new ChatMessage[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = at(i);
        }
        return List.of(out);
    }

    private ChatMessage oldest() {
        return at(0);
    }

    /** The {@code index}th held message, 0 being the oldest. */
    private ChatMessage at(int index) {
        return ring[(int) ((added - size + index) % ring.length)];
    }

    private List<ChatMessage> last(int count) {
        return range(size - count, size);
    }

    static String cidKey(String userId, String cid) {
        // User ids cannot contain control characters, so \n cannot be forged into a collision.
        return userId + '\n' + cid;
    }
}
