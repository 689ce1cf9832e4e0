package scalablechat.loadtest;

import java.util.Map;
import java.util.stream.Collectors;

/** The figures every chat scenario reports, in the same order and with the same names. */
final class Figures {
    private Figures() {}

    static Report header(Options options) {
        Report report = new Report().put("scenario", options.scenario().label());
        if (!options.label().isEmpty()) {
            report.put("label", options.label());
        }
        report.put("protocol", options.protocol().label())
                .put("rooms", (long) options.rooms())
                .put("usersPerRoom", (long) options.users())
                .put("connections", (long) options.connections());
        if (options.warmup() > 0) {
            report.put("warmupPerRoom", (long) options.warmup());
        }
        return report;
    }

    /**
     * Deliveries, their rate over {@code seconds}, latency, bytes and problems. A delivery is one message
     * reaching one member's connection; every member, the sender too, must get every message of its room.
     */
    static void chat(Report report, Tally tally, LatencyHistogram latency, double seconds, long bytes) {
        long delivered = latency.count();
        report.put("messagesSent", tally.sent())
                .put("deliveries", tally.delivered())
                .put("expectedDeliveries", tally.expected())
                .put("missingDeliveries", Math.max(0, tally.expected() - tally.delivered()))
                .put("seconds", seconds)
                .put("deliveriesPerSecond", seconds > 0 ? delivered / seconds : 0)
                .putLatency("", latency)
                .put("bytesReceived", bytes)
                .put("errors", tally.errors())
                .put("unexpectedCloses", tally.unexpectedCloses());
    }

    static void problems(Report report, Tally tally) {
        Map<String, Long> problems = tally.problems();
        if (!problems.isEmpty()) {
            report.put("problems", problems.entrySet().stream()
                    .map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", ")));
        }
    }
}
