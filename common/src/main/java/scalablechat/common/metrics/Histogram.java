package scalablechat.common.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations counted into fixed buckets, Prometheus style: each bucket counts the values up to and
 * including its upper bound. Safe from any thread; an observation costs a short search and two adders.
 * Values are in base units (seconds, bytes, messages).
 */
public final class Histogram {
    private static final double NANOS_PER_SECOND = 1e9;

    private final double[] upperBounds;
    /** One count per bound, plus the last for values above every bound; not cumulative. */
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(double[] upperBounds) {
        this.upperBounds = upperBounds;
        this.counts = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    public void observe(double value) {
        int index = Arrays.binarySearch(upperBounds, value);
        // An exact match belongs to that bucket (its bound is inclusive); otherwise the first larger bound.
        counts[index >= 0 ? index : -index - 1].increment();
        sum.add(value);
    }

    /** Observes a duration given in nanoseconds, in seconds. */
    public void observeNanos(long nanos) {
        observe(nanos / NANOS_PER_SECOND);
    }

    /** The counts at this moment, cumulative as the text format wants them; the last is the total. */
    Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(upperBounds, cumulative, sum.sum());
    }

    /** The bucket bounds, ascending; the counts below have one more entry, for values above them all. */
    public double[] upperBounds() {
        return upperBounds.clone();
    }

    /** Observations up to and including each bound so far, cumulative; the last is the total. */
    public long[] cumulativeCounts() {
        return snapshot().cumulativeCounts();
    }

    /** Total observations so far. */
    public long count() {
        long total = 0;
        for (LongAdder count : counts) {
            total += count.sum();
        }
        return total;
    }

    /**
     * The buckets read once. The total is the sum of the buckets read here, not a separate counter,
     * so the +Inf bucket always equals the count even while other threads observe.
     */
    record Snapshot(double[] upperBounds, long[] cumulativeCounts, double sum) {
        long count() {
            return cumulativeCounts[cumulativeCounts.length - 1];
        }
    }
}
