package scalablechat.backend.scheduler.fixed;

import scalablechat.backend.scheduler.SessionServerUnreachableException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Spares the static scheduler's session servers a call for every room lookup. A room its server said
 * exists (open or stored) is taken as existing for {@code ttl} without asking again, and lookups of one
 * room that arrive while a call about it is under way wait for that call's answer instead of making
 * their own. Only "exists" is remembered: a room that does not exist (yet) is asked about every time.
 *
 * <p>Remembering is safe because a static room id names its server and a room's history stays in that
 * server's {@code DATA_DIR}: an existing room does not stop existing. A server that goes down is the
 * caller's check, made before this cache is consulted, so a remembered room on a dead server still
 * answers "unavailable" as soon as the health probes know.
 *
 * <p>Thread-safe; callers block on virtual threads while a shared call is under way.
 */
final class RoomPresenceCache {
    /** Rooms remembered at most; beyond it expired ones are dropped, and new ones not remembered until some expire. */
    static final int MAX_ROOMS = 100_000;

    /** The call that finds out whether a room exists. */
    interface Lookup {
        boolean exists() throws SessionServerUnreachableException;
    }

    private final long ttlNanos;
    private final ConcurrentMap<String, Long> existsUntil = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();

    /** {@code ttl} zero turns remembering off; concurrent lookups of one room still share a call. */
    RoomPresenceCache(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** Whether {@code roomId} exists: remembered, or the answer of a call under way, or of {@code lookup}. */
    boolean exists(String roomId, Lookup lookup) throws SessionServerUnreachableException {
        Long until = existsUntil.get(roomId);
        long now = System.nanoTime();
        if (until != null) {
            if (until - now > 0) {
                return true;
            }
            existsUntil.remove(roomId, until);
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = pending.putIfAbsent(roomId, mine);
        if (running != null) {
            return awaitShared(running);
        }
        try {
            boolean exists = lookup.exists();
            if (exists) {
                remember(roomId, System.nanoTime());
            }
            mine.complete(exists);
            return exists;
        } catch (SessionServerUnreachableException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            pending.remove(roomId, mine);
        }
    }

    /** {@code roomId} was just admitted on its server: it exists. */
    void admitted(String roomId) {
        remember(roomId, System.nanoTime());
    }

    private void remember(String roomId, long now) {
        if (ttlNanos <= 0) {
            return;
        }
        if (existsUntil.size() >= MAX_ROOMS) {
            existsUntil.values().removeIf(until -> until - now <= 0);
            if (existsUntil.size() >= MAX_ROOMS) {
                return;
            }
        }
        existsUntil.put(roomId, now + ttlNanos);
    }

    private static boolean awaitShared(CompletableFuture<Boolean> running) throws SessionServerUnreachableException {
        try {
            return running.join(); // bounded: the sharing call has its own timeout
        } catch (CompletionException e) {
            if (e.getCause() instanceof SessionServerUnreachableException unreachable) {
                throw new SessionServerUnreachableException(unreachable.getMessage());
            }
            throw e;
        }
    }
}
