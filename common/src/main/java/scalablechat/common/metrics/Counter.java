package scalablechat.common.metrics;

import java.util.concurrent.atomic.LongAdder;

/** A count that only goes up, from any thread; cheap under contention (a {@link LongAdder}). */
public final class Counter {
    private final LongAdder count = new LongAdder();

    public void increment() {
        count.increment();
    }

    /** Adds {@code amount}, which must not be negative: a counter never goes down. */
    public void add(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter can't go down: " + amount);
        }
        count.add(amount);
    }

    public long value() {
        return count.sum();
    }
}
