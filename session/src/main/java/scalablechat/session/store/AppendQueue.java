package scalablechat.session.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends waiting for a room log's writer. Bounded, so a disk that stalls costs refused messages instead of
 * memory; the writer takes everything that piled up during its previous sync as one batch.
 */
final class AppendQueue {
    enum Offer { ACCEPTED, FULL, CLOSED }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<PendingAppend> waiting = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    AppendQueue(int capacity) {
        this.capacity = capacity;
    }

    Offer offer(PendingAppend append) {
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (waiting.size() >= capacity) {
                return Offer.FULL;
            }
            waiting.addLast(append);
            notEmpty.signal();
            return Offer.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for appends and takes them in order, as many as fit in {@code maxBytes} of records (always at
     * least one). Returns an empty list once the queue is closed and empty.
     */
    List<PendingAppend> takeBatch(int maxBytes) {
        lock.lock();
        try {
            while (waiting.isEmpty() && !closed) {
                notEmpty.awaitUninterruptibly();
            }
            List<PendingAppend> batch = new ArrayList<>(Math.min(waiting.size(), 1024));
            int bytes = 0;
            while (!waiting.isEmpty() && (batch.isEmpty() || bytes + waiting.peekFirst().recordBytes() <= maxBytes)) {
                PendingAppend next = waiting.removeFirst();
                bytes += next.recordBytes();
                batch.add(next);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses further offers; what is already queued is still taken. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
