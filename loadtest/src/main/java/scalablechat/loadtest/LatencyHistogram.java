package scalablechat.loadtest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of durations in nanoseconds, in the spirit of HdrHistogram: each power of two is
 * split into {@value #SUB_BUCKETS} equal buckets, so a reported value is never more than 1/64 (1.6 %) above
 * the true one, whatever its magnitude, in a fixed 30 KB. Many threads may record at once.
 */
final class LatencyHistogram {
    static final int SUB_BUCKET_BITS = 6;
    static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    /** Values below {@code SUB_BUCKETS} get a bucket each; every power of two above gets SUB_BUCKETS. */
    private static final int BUCKETS = SUB_BUCKETS + (63 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        long value = Math.max(0, nanos);
        counts.incrementAndGet(bucketOf(value));
        total.incrementAndGet();
        if (value > max.get()) {
            max.accumulateAndGet(value, Math::max);
        }
    }

    void addAll(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            long c = other.counts.get(i);
            if (c != 0) {
                counts.addAndGet(i, c);
            }
        }
        total.addAndGet(other.total.get());
        max.accumulateAndGet(other.max.get(), Math::max);
    }

    long count() {
        return total.get();
    }

    long maxNanos() {
        return max.get();
    }

    /**
     * The smallest recorded-bucket bound below which at least {@code percentile} % of the values lie,
     * reported as the bucket's upper end (never above the true maximum). 0 when empty.
     */
    long percentileNanos(double percentile) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    static int bucketOf(long value) {
        if (value < SUB_BUCKETS) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int shift = exponent - SUB_BUCKET_BITS;
        int sub = (int) (value >>> shift) & (SUB_BUCKETS - 1);
        return SUB_BUCKETS + shift * SUB_BUCKETS + sub;
    }

    /** The largest value that lands in {@code bucket}. */
    static long upperBound(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int shift = (bucket - SUB_BUCKETS) / SUB_BUCKETS;
        int sub = (bucket - SUB_BUCKETS) % SUB_BUCKETS;
        long lower = ((long) (SUB_BUCKETS + sub)) << shift;
        return lower + (1L << shift) - 1;
    }
}
