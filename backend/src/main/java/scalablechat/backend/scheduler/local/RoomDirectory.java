package scalablechat.backend.scheduler.local;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local scheduler's memory of which session server each room was placed on. Each room has its own
 * lock, held while the room is being (re)placed, so that concurrent lookups during a failover agree on
 * one new server instead of each opening the room somewhere else.
 *
 * <p>Entries are never removed: a room whose server died stays known, so its next lookup moves it
 * rather than calling it unknown. An entry costs about a hundred bytes.
 */
final class RoomDirectory {

    static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        private SessionProcess server; // guarded by lock
        /** The server that last admitted the room, when, and until when that is trusted; read without the lock. */
        private volatile Confirmed confirmed;

        private record Confirmed(SessionProcess server, long atNanos, long untilNanos) {}

        void lock() {
            lock.lock();
        }

        void unlock() {
            lock.unlock();
        }

        /** The server the room was last placed on, or null; call with the lock held. */
        SessionProcess server() {
            return server;
        }

        void placeOn(SessionProcess where) {
            server = where;
            confirmed = null;
        }

        /** The room's server admitted it just now; trust that for {@code ttl} (call with the lock held). */
        void confirm(Duration ttl) {
            long now = System.nanoTime();
            confirmed = new Confirmed(server, now, now + Math.max(0, ttl.toNanos()));
        }

        /**
         * The server that admitted the room after {@code sinceNanos} (a lookup queued behind that admission
         * takes its answer), or less than the trusted time ago, and is still ready; else null.
         */
        SessionProcess confirmedSince(long sinceNanos) {
            Confirmed last = confirmed;
            if (last == null || !last.server().isReady()) {
                return null;
            }
            long now = System.nanoTime();
            boolean fresh = last.atNanos() - sinceNanos >= 0 || last.untilNanos() - now > 0;
            return fresh ? last.server() : null;
        }
    }

    private final ConcurrentMap<String, Entry> rooms = new ConcurrentHashMap<>();

    Entry get(String roomId) {
        return rooms.get(roomId);
    }

    /** The room's entry, created (with no server yet) when the room was not known. */
    Entry register(String roomId) {
        return rooms.computeIfAbsent(roomId, id -> new Entry());
    }

    /** {@code server} admitted the new room {@code roomId}, an answer trusted for {@code ttl}. */
    void placed(String roomId, SessionProcess server, Duration ttl) {
        Entry entry = register(roomId);
        entry.lock();
        try {
            entry.placeOn(server);
            entry.confirm(ttl);
        } finally {
            entry.unlock();
        }
    }
}
