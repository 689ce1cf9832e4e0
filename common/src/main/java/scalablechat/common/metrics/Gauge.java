package scalablechat.common.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down, set or moved from any thread (for values read at scrape time, see {@link MetricRegistry#gauge(String, String, java.util.function.DoubleSupplier)}). */
public final class Gauge {
    private final AtomicLong value = new AtomicLong();

    public void set(long newValue) {
        value.set(newValue);
    }

    public void increment() {
        value.incrementAndGet();
    }

    public void decrement() {
        value.decrementAndGet();
    }

    public void add(long amount) {
        value.addAndGet(amount);
    }

    public long value() {
        return value.get();
    }
}
