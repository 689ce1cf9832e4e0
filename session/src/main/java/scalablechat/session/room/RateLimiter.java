package scalablechat.session.room;

/**
 * A send allowance: a token bucket ({@code ratePerSecond}, bursts of
 * {@code burst}), plus patience for the excess. Each refused send costs one strike; strikes come
 * back at one a second, so a user who goes over the rate now and then only gets errors, while one
 * who keeps flooding runs out of strikes and is disconnected.
 * Thread-safe: the user's connections may be decoded on different threads.
 */
public final class RateLimiter {
    public enum Verdict { ALLOWED, REFUSED, FLOODING }

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;
    private static final double STRIKES_BACK_PER_SECOND = 1.0;

    private final double ratePerSecond;
    private final double burst;
    private final double maxStrikes;
    private double tokens;
    private double strikesLeft;
    private long lastRefill;

    public RateLimiter(int ratePerSecond, int burst, int maxStrikes, long nowNanos) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.maxStrikes = maxStrikes;
        this.tokens = burst;
        this.strikesLeft = maxStrikes;
        this.lastRefill = nowNanos;
    }

    public synchronized Verdict tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ALLOWED;
        }
        strikesLeft -= 1;
        return strikesLeft < 0 ? Verdict.FLOODING : Verdict.REFUSED;
    }

    /** Takes a token if there is one, without strikes: for a cap that refuses but never disconnects. */
    synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket and the strikes are full again: then forgetting this limiter changes nothing. */
    synchronized boolean isRested(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst && strikesLeft >= maxStrikes;
    }

    private void refill(long nowNanos) {
        double seconds = Math.max(0, nowNanos - lastRefill) / NANOS_PER_SECOND;
        lastRefill = Math.max(lastRefill, nowNanos);
        tokens = Math.min(burst, tokens + seconds * ratePerSecond);
        strikesLeft = Math.min(maxStrikes, strikesLeft + seconds * STRIKES_BACK_PER_SECOND);
    }
}
