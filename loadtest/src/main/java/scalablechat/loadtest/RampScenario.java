package scalablechat.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Paced steps at a rising rate until one fails to hold: its p99 passes the bound, a message is lost, the tool
 * could not offer the rate, or the server sent errors or closed connections. A failed step is tried once more
 * before the ramp stops (one noisy second on a shared machine should not end it). The capacity reported is the
 * last step that held, in deliveries per second, with the server's busiest threads at that step, which shows
 * the resource that runs out first.
 */
final class RampScenario {
    /** The tool must offer at least this share of a step's rate for the step to count. */
    static final double MIN_OFFERED_SHARE = 0.95;
    /** Attempts of a step that failed, before the ramp stops. */
    static final int ATTEMPTS_PER_STEP = 2;
    /** Longest wait after a step for its last deliveries, before it is judged. */
    static final Duration MAX_DRAIN = Duration.ofSeconds(10);

    private RampScenario() {}

    static Report run(Options options) {
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.ready(options, tally)) {
            List<Report> steps = new ArrayList<>();
            Report held = null;
            double rate = options.rate();
            Measurement measurement = Measurement.start(options, swarm);
            int attempts = 0;
            for (int phase = 0; phase < Warmup.PHASE && rate <= options.maxRate(); phase++) {
                Report step = step(options, swarm, tally, measurement.serverPids(), phase, rate);
                steps.add(step);
                attempts++;
                if (Boolean.TRUE.equals(step.get("held"))) {
                    held = step;
                    rate *= options.rampFactor();
                    attempts = 0;
                } else if (attempts >= ATTEMPTS_PER_STEP) {
                    break;
                }
            }
            measurement.stop();
            Report report = Figures.header(options)
                    .put("p99BoundMs", options.p99BoundMs())
                    .put("heldRatePerRoom", held == null ? 0 : held.number("ratePerRoom"))
                    .put("heldDeliveriesPerSecond", held == null ? 0 : held.number("deliveriesPerSecond"))
                    .put("heldP99Ms", held == null ? 0 : held.number("p99Ms"))
                    .put("heldServerBusiestThreads", held == null ? "" : String.valueOf(held.get("serverBusiestThreads")))
                    .put("bytesReceived", measurement.bytesReceived())
                    .put("errors", tally.errors())
                    .put("unexpectedCloses", tally.unexpectedCloses());
            report.putRows("steps", steps);
            return measurement.finish(report, tally);
        }
    }

    private static Report step(Options options, Swarm swarm, Tally tally, List<Long> pids, int phase, double rate) {
        long expectedBefore = tally.expected();
        long deliveredBefore = tally.delivered();
        long errorsBefore = tally.errors();
        long closesBefore = tally.unexpectedCloses();
        CpuSample cpuBefore = CpuSample.take(pids);
        PacedSenders.Result sent = PacedSenders.run(swarm.rooms(), rate, options.stepSeconds(), phase,
                options.size(), swarm.timeout());
        CpuSample cpuAfter = CpuSample.take(pids);
        Duration drain = swarm.timeout().compareTo(MAX_DRAIN) < 0 ? swarm.timeout() : MAX_DRAIN;
        swarm.awaitDeliveries(drain);
        LatencyHistogram latency = tally.phase(phase);
        long missing = (tally.expected() - expectedBefore) - (tally.delivered() - deliveredBefore);
        double offered = sent.ratePerSecond() / swarm.rooms().size();
        boolean held = latency.percentileNanos(99) <= options.p99BoundMs() * 1e6
                && missing <= 0
                && offered >= MIN_OFFERED_SHARE * rate
                && tally.errors() == errorsBefore
                && tally.unexpectedCloses() == closesBefore;
        Report step = new Report()
                .put("ratePerRoom", rate)
                .put("deliveriesPerSecond", latency.count() / sent.seconds())
                .putLatency("", latency)
                .put("missing", Math.max(0, missing))
                .put("held", held);
        Report cpu = new Report();
        cpuBefore.reportUntil(cpuAfter, cpu);
        step.put("toolCpuPercent", cpu.number("toolCpuPercent"));
        if (cpu.get("serverCpuPercent") != null) {
            step.put("serverCpuPercent", cpu.number("serverCpuPercent"));
            step.put("serverBusiestThreads", String.valueOf(cpu.get("serverBusiestThreads")));
        }
        if (cpu.get("otherCpuPercent") != null) {
            step.put("otherCpuPercent", cpu.number("otherCpuPercent"));
        }
        return step;
    }
}
