package scalablechat.session.room;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A room's send limits: each user's allowance (SEND_RATE_PER_SECOND, shared by the user's connections) and the
 * room's own cap (ROOM_SEND_RATE_PER_SECOND), which bounds what many names together can write.
 *
 * <p>A user's allowance outlives their connections: it is forgotten only once it has filled up again, so that
 * closing and reopening a connection never buys a fresh burst. Allowances are taken on decoder threads; the
 * forgetting runs in the room's mailbox.
 */
public final class SendAllowances {
    /** Below this many allowances of absent users, none are swept: sweeping costs one pass over all of them. */
    private static final int MIN_SWEEP = 64;

    private final RoomSettings config;
    private final Map<String, RateLimiter> users = new ConcurrentHashMap<>();
    private final RateLimiter room;
    // Owned by the mailbox: sweep when the absent users' allowances pass this, so each sweep pays for itself.
    private int sweepAbove = MIN_SWEEP;

    public SendAllowances(RoomSettings config, long nowNanos) {
        this.config = config;
        this.room = new RateLimiter(config.roomSendRatePerSecond(), config.roomSendBurst(), 0, nowNanos);
    }

    /** Takes one send from {@code userId}'s allowance. */
    public RateLimiter.Verdict takeFromUser(String userId, long nowNanos) {
        return users.computeIfAbsent(userId, id -> new RateLimiter(config.sendRatePerSecond(),
                config.sendRateBurst(), config.floodStrikes(), nowNanos)).tryAcquire(nowNanos);
    }

    /** Takes one send from the room's cap; false when the room is over it. */
    public boolean takeFromRoom(long nowNanos) {
        return room.tryTake(nowNanos);
    }

    /** Allowances held, for tests. */
    public int userAllowances() {
        return users.size();
    }

    /** In the mailbox: forgets the full allowances of users who are no longer here, once enough have piled up. */
    public void forgetRested(Predicate<String> isHere, int membersHere, long nowNanos) {
        if (users.size() - membersHere <= sweepAbove) {
            return;
        }
        users.entrySet().removeIf(entry -> !isHere.test(entry.getKey()) && entry.getValue().isRested(nowNanos));
        sweepAbove = Math.max(MIN_SWEEP, 2 * (users.size() - membersHere));
    }
}
