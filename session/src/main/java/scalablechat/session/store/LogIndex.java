package scalablechat.session.store;

import java.util.Arrays;

/**
 * Where to start reading a room's log for older messages: the offset of every {@link #EVERY}th good record, by
 * id, so a page of history is read from disk without scanning the log from its start. Sparse, to stay small: a
 * log at its size limit (about two million messages) takes about half a megabyte. The log's writer adds
 * entries; history readers look them up from other threads.
 */
final class LogIndex {
    /** Records between two entries: a page read starts at most this many records before the page. */
    static final int EVERY = 64;

    private long[] ids = new long[16];
    private long[] offsets = new long[16];
    private int size;
    /** Good records since the last entry. */
    private int sinceLast = EVERY;

    /** A record is at {@code offset}; the first one, and every EVERY-th after it, become entries. */
    synchronized void record(long id, long offset) {
        if (++sinceLast < EVERY) {
            return;
        }
        sinceLast = 0;
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            offsets = Arrays.copyOf(offsets, size * 2);
        }
        ids[size] = id;
        offsets[size] = offset;
        size++;
    }

    /** A good record follows damage: it becomes an entry, so no read ever starts inside the damage. */
    synchronized void recordAfterDamage(long id, long offset) {
        sinceLast = EVERY - 1;
        record(id, offset);
    }

    /** The id of the log's first good record, or 0 for an empty log. */
    synchronized long firstId() {
        return size == 0 ? 0 : ids[0];
    }

    /** The number of the last entry whose id is at most {@code id}, or 0 (the first record) when none is. */
    synchronized int floor(long id) {
        int found = Arrays.binarySearch(ids, 0, size, id);
        return found >= 0 ? found : Math.max(0, -found - 2);
    }

    synchronized long id(int entry) {
        return ids[entry];
    }

    synchronized long offset(int entry) {
        return offsets[entry];
    }

    synchronized boolean isEmpty() {
        return size == 0;
    }
}
