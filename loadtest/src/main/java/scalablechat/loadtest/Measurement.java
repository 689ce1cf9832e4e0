package scalablechat.loadtest;

import java.util.List;

/**
 * What every chat scenario measures around its timed part, besides latency: the session servers' CPU (and
 * the tool's and the rest of the machine's) and the bytes the tool received. Start it just before the timed
 * part, {@link #stop} it just after, then {@link #finish} the report.
 */
final class Measurement {
    private final Swarm swarm;
    private final List<Long> serverPids;
    private final long bytesBefore;
    private final CpuSample cpuBefore;
    private CpuSample cpuAfter;

    private Measurement(Swarm swarm, List<Long> serverPids) {
        this.swarm = swarm;
        this.serverPids = serverPids;
        this.bytesBefore = swarm.bytesReceived();
        this.cpuBefore = CpuSample.take(serverPids);
    }

    static Measurement start(Options options, Swarm swarm) {
        return new Measurement(swarm, ServerProcesses.find(options, swarm.hosts()));
    }

    /** The session servers' processes, when the tool could find them (for the CPU of parts of a run). */
    List<Long> serverPids() {
        return serverPids;
    }

    long bytesReceived() {
        return swarm.bytesReceived() - bytesBefore;
    }

    void stop() {
        cpuAfter = CpuSample.take(serverPids);
    }

    /** Adds the CPU used between start and stop, how the rooms were spread, and any problems seen. */
    Report finish(Report report, Tally tally) {
        if (cpuAfter == null) {
            stop();
        }
        cpuBefore.reportUntil(cpuAfter, report);
        report.put("roomsByServer", swarm.roomsByServer());
        Figures.problems(report, tally);
        return report;
    }
}
