package scalablechat.loadtest;

/** Every room gets {@code --rate} messages a second for {@code --duration} seconds: latency under steady load. */
final class PacedScenario {
    private PacedScenario() {}

    static Report run(Options options) {
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.ready(options, tally)) {
            Measurement measurement = Measurement.start(options, swarm);
            PacedSenders.Result sent = PacedSenders.run(swarm.rooms(), options.rate(), options.durationSeconds(),
                    0, options.size(), swarm.timeout());
            swarm.awaitDeliveries(swarm.timeout());
            measurement.stop();
            Report report = Figures.header(options).put("ratePerRoom", options.rate());
            Figures.chat(report, tally, tally.phase(0), sent.seconds(), measurement.bytesReceived());
            report.put("lateSends", sent.late());
            return measurement.finish(report, tally);
        }
    }
}
