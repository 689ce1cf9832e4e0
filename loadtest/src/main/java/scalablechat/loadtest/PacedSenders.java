package scalablechat.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed rate per room for a fixed time, one virtual thread per room. Each send has a slot on a fixed
 * schedule (rooms staggered across the period so they don't all fire together); a sender that falls behind sends
 * at once to catch up and counts the send as late, since a late sender means the rate was not really offered.
 */
final class PacedSenders {
    record Result(long sent, long late, double seconds) {
        double ratePerSecond() {
            return seconds > 0 ? sent / seconds : 0;
        }
    }

    private PacedSenders() {}

    static Result run(List<Room> rooms, double ratePerRoom, double seconds, int phase, int size, Duration grace) {
        double period = 1e9 / ratePerRoom;
        long perRoom = slots(ratePerRoom, seconds);
        long start = System.nanoTime();
        LongAdder sent = new LongAdder();
        LongAdder late = new LongAdder();
        List<Thread> senders = new ArrayList<>();
        for (Room room : rooms) {
            double first = period * room.index() / rooms.size();
            senders.add(Thread.ofVirtual().name("sender-" + room.index()).start(() -> {
                for (long i = 0; i < perRoom; i++) {
                    long slot = start + (long) (first + i * period);
                    for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    if (System.nanoTime() - slot > period) {
                        late.increment();
                    }
                    room.send(phase, size);
                    sent.increment();
                }
            }));
        }
        Joiner.joinAll(senders, Duration.ofNanos((long) (seconds * 1e9)).plus(grace));
        return new Result(sent.sum(), late.sum(), (System.nanoTime() - start) / 1e9);
    }

    /** How many evenly spaced events {@code seconds} at {@code rate} a second hold (at least one). */
    static long slots(double rate, double seconds) {
        return Math.max(1, Math.round(rate * seconds));
    }
}
