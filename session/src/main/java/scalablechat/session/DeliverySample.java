package scalablechat.session;

import scalablechat.common.metrics.Counter;
import scalablechat.common.metrics.Histogram;
import scalablechat.session.transport.WriteObserver;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One message followed until its last byte is written to every member's socket, for
 * session_delivery_written_seconds. Following every message would cost an object per member per message
 * on the room's hot path, so a room follows one at a time, at most one per {@link #INTERVAL}.
 * <p>The room registers a member's copy from its mailbox ({@link #expect()}, then the member's channel
 * watches for it); whichever thread writes the socket reports it written, through {@code WriteObserver}. A member
 * that closes first, or a sample older than {@link #TIMEOUT}, abandons the sample: counted as abandoned, not observed.
 */
final class DeliverySample implements WriteObserver {
    /** Least time between the starts of two samples in one room. */
    static final Duration INTERVAL = Duration.ofMillis(10);
    /** A sample still waiting after this is given up, so one stuck member does not stop a room's sampling. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final long receivedNanos;
    private final long startedNanos;
    private final Histogram written;
    private final Counter abandoned;
    /** Copies not yet written, plus one held by the room until it has registered every member. */
    private final AtomicInteger pending = new AtomicInteger(1);
    private final AtomicBoolean over = new AtomicBoolean();

    DeliverySample(long receivedNanos, long startedNanos, SessionMetrics metrics) {
        this.receivedNanos = receivedNanos;
        this.startedNanos = startedNanos;
        this.written = metrics.deliveryWritten;
        this.abandoned = metrics.deliverySamplesAbandoned;
    }

    /** One more member's copy to wait for; called by the room before that member's channel watches it. */
    void expect() {
        pending.incrementAndGet();
    }

    /** The room registered every member. */
    void armed() {
        written();
    }

    /** One member's copy is written (or the room is done registering). */
    @Override
    public void written() {
        if (pending.decrementAndGet() == 0 && over.compareAndSet(false, true)) {
            written.observeNanos(System.nanoTime() - receivedNanos);
        }
    }

    /** A member's copy will never be written: this sample is not observed. */
    @Override
    public void abandon() {
        if (over.compareAndSet(false, true)) {
            abandoned.increment();
        }
    }

    boolean isOver() {
        return over.get();
    }

    boolean isOlderThan(long nanos, long now) {
        return now - startedNanos > nanos;
    }
}
