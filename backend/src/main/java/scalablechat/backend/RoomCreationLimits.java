package scalablechat.backend;

import scalablechat.common.Env;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * How many rooms one user, and one client address, may create within a sliding window. Names cost nothing, so
 * the address limit is the one that holds against a flood; the user limit keeps one name from taking a whole
 * address's share. With session servers freeing a room nobody joins within ROOM_UNJOINED_SECONDS, this bounds
 * the empty rooms one address can hold at once. Each backend counts on its own.
 */
public final class RoomCreationLimits {
    /** The limits ({@link BackendSettings}: ROOM_CREATES_PER_USER, ROOM_CREATES_PER_ADDRESS, ROOM_CREATE_WINDOW_SECONDS). */
    public record Settings(int perUser, int perAddress, Duration window) {
        static Settings from(Env env) {
            return new Settings(BackendSettings.ROOM_CREATES_PER_USER.intValue(env),
                    BackendSettings.ROOM_CREATES_PER_ADDRESS.intValue(env),
                    BackendSettings.ROOM_CREATE_WINDOW_SECONDS.seconds(env));
        }
    }

    /** Below this many keys the stale ones are not swept: a sweep walks them all. */
    private static final int MIN_SWEEP = 1024;

    private final Settings settings;
    private final LongSupplier nanoClock;
    private final Map<String, ArrayDeque<Long>> byUser = new HashMap<>();
    private final Map<String, ArrayDeque<Long>> byAddress = new HashMap<>();
    private int sweepAbove = MIN_SWEEP;

    RoomCreationLimits(Settings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    /** Why a creation was refused, and in how many seconds one would be allowed. */
    static final class Refused extends Exception {
        private final int retryAfterSeconds;

        Refused(String message, int retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /** A creation counted against both limits until it is {@link #cancel}ed. */
    record Reservation(String userId, String address, long at) {}

    /**
     * Counts one creation by {@code userId} from {@code address} and returns it, or throws a {@link Refused}
     * when over a limit. Counting first, before the scheduler is asked, keeps a burst of parallel requests from
     * slipping past; a creation that then fails is {@link #cancel}ed, so a 503 costs the user nothing.
     */
    synchronized Reservation reserve(String userId, String address) throws Refused {
        long now = nanoClock.getAsLong();
        long windowNanos = settings.window().toNanos();
        ArrayDeque<Long> user = recent(byUser, userId, now, windowNanos);
        ArrayDeque<Long> from = recent(byAddress, address, now, windowNanos);
        if (user.size() >= settings.perUser()) {
            throw new Refused("you are creating rooms too fast; at most " + settings.perUser() + " per "
                    + settings.window().toSeconds() + " s", retryAfterSeconds(user, now, windowNanos));
        }
        if (from.size() >= settings.perAddress()) {
            throw new Refused("too many rooms created from your address; at most " + settings.perAddress() + " per "
                    + settings.window().toSeconds() + " s", retryAfterSeconds(from, now, windowNanos));
        }
        user.addLast(now);
        from.addLast(now);
        if (byUser.size() + byAddress.size() > sweepAbove) {
            sweep(byUser, now, windowNanos);
            sweep(byAddress, now, windowNanos);
            sweepAbove = Math.max(MIN_SWEEP, 2 * (byUser.size() + byAddress.size()));
        }
        return new Reservation(userId, address, now);
    }

    /** Gives back a creation that did not happen. */
    synchronized void cancel(Reservation reservation) {
        ArrayDeque<Long> user = byUser.get(reservation.userId());
        if (user != null) {
            user.removeLastOccurrence(reservation.at());
        }
        ArrayDeque<Long> from = byAddress.get(reservation.address());
        if (from != null) {
            from.removeLastOccurrence(reservation.at());
        }
    }

    private static ArrayDeque<Long> recent(Map<String, ArrayDeque<Long>> map, String key, long now, long windowNanos) {
        ArrayDeque<Long> times = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
        return times;
    }

    private static int retryAfterSeconds(ArrayDeque<Long> times, long now, long windowNanos) {
        long waitNanos = times.peekFirst() + windowNanos - now;
        return (int) Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    private static void sweep(Map<String, ArrayDeque<Long>> map, long now, long windowNanos) {
        map.values().removeIf(times -> times.isEmpty() || now - times.peekLast() >= windowNanos);
    }
}
