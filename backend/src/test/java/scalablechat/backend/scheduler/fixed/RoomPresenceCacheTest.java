package scalablechat.backend.scheduler.fixed;

import org.junit.jupiter.api.Test;
import scalablechat.backend.scheduler.SessionServerUnreachableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** Concurrent lookups of one room share one call: its answer, or its failure, and nothing is remembered of a failure. */
class RoomPresenceCacheTest {
    private static final int WAITERS = 8;
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    /** Starts a lookup of "room" on a new thread; its answer (or failure) goes into {@code outcome}. */
    private static Thread lookUp(RoomPresenceCache cache, RoomPresenceCache.Lookup lookup, AtomicReference<Object> outcome) {
        return Thread.ofPlatform().start(() -> {
            try {
                outcome.set(cache.exists("room", lookup));
            } catch (Exception e) {
                outcome.set(e);
            }
        });
    }

    /** Waits until every thread is parked (the first in the call, the rest waiting for its answer). */
    private static void awaitAllWaiting(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING
                && t.getState() != Thread.State.TIMED_WAITING)) {
            assertTrue(System.nanoTime() < deadline, "lookups never all waited");
            Thread.sleep(5);
        }
    }

    private static List<AtomicReference<Object>> runConcurrently(RoomPresenceCache cache, RoomPresenceCache.Lookup lookup,
                                                                 CountDownLatch release) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<Object>> outcomes = new ArrayList<>();
        for (int i = 0; i < WAITERS; i++) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            outcomes.add(outcome);
            threads.add(lookUp(cache, lookup, outcome));
        }
        awaitAllWaiting(threads);
        release.countDown();
        for (Thread thread : threads) {
            thread.join(GENEROUS);
        }
        return outcomes;
    }

    @Test
    void concurrentLookupsOfOneRoomMakeOneCall() throws Exception {
        RoomPresenceCache cache = new RoomPresenceCache(Duration.ZERO); // sharing only, no remembering
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        RoomPresenceCache.Lookup lookup = () -> {
            calls.incrementAndGet();
            try {
                assertTrue(release.await(GENEROUS.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return true;
        };
        for (AtomicReference<Object> outcome : runConcurrently(cache, lookup, release)) {
            assertEquals(Boolean.TRUE, outcome.get());
        }
        assertEquals(1, calls.get());
        // Nothing remembered with a zero cache time: the next lookup asks again.
        assertTrue(cache.exists("room", lookup));
        assertEquals(2, calls.get());
    }

    @Test
    void aFailedCallFailsEveryoneWaitingAndIsNotRemembered() throws Exception {
        RoomPresenceCache cache = new RoomPresenceCache(Duration.ofMinutes(1));
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        RoomPresenceCache.Lookup failing = () -> {
            calls.incrementAndGet();
            try {
                assertTrue(release.await(GENEROUS.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            throw new SessionServerUnreachableException("down");
        };
        for (AtomicReference<Object> outcome : runConcurrently(cache, failing, release)) {
            assertInstanceOf(SessionServerUnreachableException.class, outcome.get());
        }
        assertEquals(1, calls.get());
        assertTrue(cache.exists("room", () -> true), "a failure is not remembered");
        assertFalse(cache.exists("other", () -> false));
        assertFalse(cache.exists("other", () -> false), "an unknown room is never remembered");
    }
}
