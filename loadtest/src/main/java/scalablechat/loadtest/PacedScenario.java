package scalablechat.loadtest;

import java.util.List;

/** Every room gets {@code --rate} messages a second for {@code --duration} seconds: latency under steady load. */
final class PacedScenario {
    private PacedScenario() {}

    static Report run(Options options) {
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.prepare(options, tally)) {
            swarm.connect();
            swarm.settle();
            Warmup.run(options, swarm, tally);
            List<Long> pids = ServerProcesses.find(options, swarm.hosts());
            long bytesBefore = swarm.bytesReceived();
            CpuSample cpuBefore = CpuSample.take(pids);
            PacedSenders.Result sent = PacedSenders.run(swarm.rooms(), options.rate(), options.durationSeconds(),
                    0, options.size(), swarm.timeout());
            swarm.awaitDeliveries(swarm.timeout());
            CpuSample cpuAfter = CpuSample.take(pids);
            Report report = Figures.header(options).put("ratePerRoom", options.rate());
            Figures.chat(report, tally, tally.phase(0), sent.seconds(), swarm.bytesReceived() - bytesBefore);
            report.put("lateSends", sent.late());
            cpuBefore.reportUntil(cpuAfter, report);
            report.put("roomsByServer", swarm.roomsByServer());
            Figures.problems(report, tally);
            return report;
        }
    }
}
