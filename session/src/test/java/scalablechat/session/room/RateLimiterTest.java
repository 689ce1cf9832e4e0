package scalablechat.session.room;

import org.junit.jupiter.api.Test;
import scalablechat.session.room.RateLimiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static scalablechat.session.room.RateLimiter.Verdict.ALLOWED;
import static scalablechat.session.room.RateLimiter.Verdict.FLOODING;
import static scalablechat.session.room.RateLimiter.Verdict.REFUSED;

/** The token bucket, on a clock the test moves by hand. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRate() {
        RateLimiter limiter = new RateLimiter(10, 20, 100, 0);
        for (int i = 0; i < 20; i++) {
            assertEquals(ALLOWED, limiter.tryAcquire(0), "burst " + i);
        }
        assertEquals(REFUSED, limiter.tryAcquire(0));
        assertEquals(ALLOWED, limiter.tryAcquire(SECOND / 10), "one token every 100 ms");
        assertEquals(REFUSED, limiter.tryAcquire(SECOND / 10));
        long later = SECOND / 10 + 10 * SECOND;
        for (int i = 0; i < 20; i++) {
            assertEquals(ALLOWED, limiter.tryAcquire(later), "refilled to the burst, no further");
        }
        assertEquals(REFUSED, limiter.tryAcquire(later));
    }

    @Test
    void refusalsBeyondTheStrikesAreFlooding() {
        RateLimiter limiter = new RateLimiter(1, 1, 3, 0);
        assertEquals(ALLOWED, limiter.tryAcquire(0));
        assertEquals(REFUSED, limiter.tryAcquire(0));
        assertEquals(REFUSED, limiter.tryAcquire(0));
        assertEquals(REFUSED, limiter.tryAcquire(0));
        assertEquals(FLOODING, limiter.tryAcquire(0));
    }

    @Test
    void strikesComeBackOverTime() {
        RateLimiter limiter = new RateLimiter(1, 1, 2, 0);
        long now = 0;
        // One refused send a second, forever: never flooding, because a strike returns each second.
        for (int i = 0; i < 100; i++) {
            assertEquals(ALLOWED, limiter.tryAcquire(now));
            assertEquals(REFUSED, limiter.tryAcquire(now));
            now += SECOND;
        }
    }

    @Test
    void aClockGoingBackwardsGrantsNothing() {
        RateLimiter limiter = new RateLimiter(1, 1, 5, 10 * SECOND);
        assertEquals(ALLOWED, limiter.tryAcquire(10 * SECOND));
        assertEquals(REFUSED, limiter.tryAcquire(0));
    }
}
