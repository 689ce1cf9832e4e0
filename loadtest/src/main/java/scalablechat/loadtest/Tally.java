package scalablechat.loadtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every connection of a run reports into: deliveries and their latency (one histogram per phase),
 * and everything that went wrong. Receivers on many threads write here at once.
 */
final class Tally {
    /** Ramp steps and other phases a run can measure separately. */
    static final int MAX_PHASES = 256;

    private final AtomicReferenceArray<LatencyHistogram> phases = new AtomicReferenceArray<>(MAX_PHASES);
    private final LongAdder delivered = new LongAdder();
    private final LongAdder expected = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder badFrames = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();
    private final LongAdder unexpectedCloses = new LongAdder();
    private final Map<String, LongAdder> serverErrors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();

    void delivered(int phase, long latencyNanos) {
        phase(phase).record(latencyNanos);
        delivered.increment();
    }

    /** A message went out to a room where {@code receivers} connections must each get it once. */
    void sent(int receivers) {
        sent.increment();
        expected.add(receivers);
    }

    LatencyHistogram phase(int phase) {
        LatencyHistogram histogram = phases.get(phase);
        if (histogram == null) {
            phases.compareAndSet(phase, null, new LatencyHistogram());
            histogram = phases.get(phase);
        }
        return histogram;
    }

    /** All phases in one histogram. */
    LatencyHistogram allPhases() {
        LatencyHistogram all = new LatencyHistogram();
        for (int i = 0; i < MAX_PHASES; i++) {
            LatencyHistogram histogram = phases.get(i);
            if (histogram != null) {
                all.addAll(histogram);
            }
        }
        return all;
    }

    /** Forgets what was sent and delivered so far (the warm-up); call only when nothing is in flight. */
    void startMeasuring() {
        sent.reset();
        expected.reset();
        delivered.reset();
    }

    void duplicate() {
        duplicates.increment();
    }

    void badFrame() {
        badFrames.increment();
    }

    void sendError() {
        sendErrors.increment();
    }

    void serverError(String code) {
        serverErrors.computeIfAbsent(code.isEmpty() ? "unknown" : code, k -> new LongAdder()).increment();
    }

    void unexpectedClose(String why) {
        unexpectedCloses.increment();
        closeReasons.computeIfAbsent(why, k -> new LongAdder()).increment();
    }

    long delivered() {
        return delivered.sum();
    }

    long expected() {
        return expected.sum();
    }

    long sent() {
        return sent.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long unexpectedCloses() {
        return unexpectedCloses.sum();
    }

    /** Error frames from the server, frames the tool could not read, failed sends and duplicate deliveries. */
    long errors() {
        long fromServer = serverErrors.values().stream().mapToLong(LongAdder::sum).sum();
        return fromServer + badFrames.sum() + sendErrors.sum() + duplicates.sum();
    }

    /** Each kind of error and close with its count, for the report: {@code rate_limited=3, close 1008 ...=1}. */
    Map<String, Long> problems() {
        Map<String, Long> all = new TreeMap<>();
        serverErrors.forEach((code, n) -> all.put("server error " + code, n.sum()));
        closeReasons.forEach((why, n) -> all.put(why, n.sum()));
        if (badFrames.sum() > 0) {
            all.put("unreadable frames", badFrames.sum());
        }
        if (sendErrors.sum() > 0) {
            all.put("failed sends", sendErrors.sum());
        }
        if (duplicates.sum() > 0) {
            all.put("duplicate deliveries", duplicates.sum());
        }
        return all;
    }
}
