package scalablechat.loadtest;

/**
 * Every room gets {@code --messages} messages as fast as the server takes them (each member's connection has
 * at most one send in flight, as the JDK client allows); the time runs from the first send until every member
 * of every room has every message.
 */
final class BurstScenario {
    private BurstScenario() {}

    static Report run(Options options) {
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.ready(options, tally)) {
            Measurement measurement = Measurement.start(options, swarm);
            long start = Marker.now();
            Warmup.burst(swarm.rooms(), options.messages(), 0, options.size(), swarm.timeout());
            boolean complete = swarm.awaitDeliveries(swarm.timeout());
            measurement.stop();
            long end = complete ? swarm.lastDeliveryNanos() : Marker.now();
            Report report = Figures.header(options).put("messagesPerRoom", (long) options.messages());
            Figures.chat(report, tally, tally.phase(0), (end - start) / 1e9, measurement.bytesReceived());
            return measurement.finish(report, tally);
        }
    }
}
