package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LatencyHistogramTest {
    @Test
    void emptyHistogramReportsZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.count());
        assertEquals(0, h.percentileNanos(99));
        assertEquals(0, h.maxNanos());
    }

    @Test
    void percentilesOfAUniformSpreadAreWithinThePrecision() {
        LatencyHistogram h = new LatencyHistogram();
        for (long micros = 1; micros <= 100_000; micros++) {
            h.record(micros * 1000);
        }
        assertEquals(100_000, h.count());
        assertWithin(50_000_000, h.percentileNanos(50));
        assertWithin(90_000_000, h.percentileNanos(90));
        assertWithin(99_000_000, h.percentileNanos(99));
        assertEquals(100_000_000, h.maxNanos());
        assertEquals(100_000_000, h.percentileNanos(100));
    }

    @Test
    void reportedValuesNeverUnderstateAndAreAtMostOneSixtyFourthAbove() {
        for (long value : new long[] {0, 1, 63, 64, 65, 127, 128, 1_000, 999_999, 123_456_789, Long.MAX_VALUE / 3}) {
            LatencyHistogram h = new LatencyHistogram();
            h.record(value);
            h.record(Long.MAX_VALUE / 2); // so the max does not clamp the answer
            long reported = h.percentileNanos(50);
            assertTrue(reported >= value, value + " reported as " + reported);
            assertTrue(reported - value <= value / 64, value + " reported as " + reported);
        }
    }

    @Test
    void everyValueFallsInsideItsBucketsBounds() {
        for (long value = 0; value < 1_000_000; value += 997) {
            int bucket = LatencyHistogram.bucketOf(value);
            assertTrue(LatencyHistogram.upperBound(bucket) >= value);
            if (bucket > 0) {
                assertTrue(LatencyHistogram.upperBound(bucket - 1) < value, "value " + value);
            }
        }
        assertTrue(LatencyHistogram.bucketOf(Long.MAX_VALUE) >= 0);
    }

    @Test
    void skewedDistributionFindsTheTail() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 980; i++) {
            h.record(1_000_000); // 1 ms
        }
        for (int i = 0; i < 20; i++) {
            h.record(40_000_000); // 40 ms
        }
        assertWithin(1_000_000, h.percentileNanos(50));
        assertWithin(1_000_000, h.percentileNanos(98));
        assertWithin(40_000_000, h.percentileNanos(99));
    }

    @Test
    void negativeDurationsCountAsZeroAndMergingAddsUp() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(-5);
        b.record(2_000_000);
        b.record(3_000_000);
        a.addAll(b);
        assertEquals(3, a.count());
        assertEquals(0, a.percentileNanos(1));
        assertEquals(3_000_000, a.maxNanos());
    }

    @Test
    void recordsFromManyThreadsAreAllCounted() throws InterruptedException {
        LatencyHistogram h = new LatencyHistogram();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    h.record(i);
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40_000, h.count());
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(actual >= expected && actual <= expected + expected / 64,
                "expected about " + expected + ", got " + actual);
    }
}
