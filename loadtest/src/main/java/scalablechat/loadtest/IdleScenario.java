package scalablechat.loadtest;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code --rooms} x {@code --users} connections opened and held for {@code --hold} seconds without traffic.
 * The session servers' resident memory (VmRSS) and live heap (after a full GC, through jcmd) are read before the
 * first connection, once all are open and quiet, and again after the hold; the difference divided by the number
 * of connections is the cost of one connection: after the hold (the idle figure, what a server full of quiet
 * users costs), and also just after connecting. Rooms are created before the baseline, so the figure is the
 * connection's cost, not the room's.
 */
final class IdleScenario {
    private static final long HOLD_POLL_NANOS = 100_000_000;

    private IdleScenario() {}

    static Report run(Options options) {
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.prepare(options, tally)) {
            List<Long> pids = ServerProcesses.find(options, swarm.hosts());
            if (pids.isEmpty()) {
                System.err.println("loadtest: no session server process found (give --server-pid): no memory figures");
            }
            long heapBefore = options.heap() ? heapKB(pids) : -1;
            long rssBefore = rssKB(pids);
            long toolRssBefore = ProcFs.residentKB(ProcessHandle.current().pid());
            long start = System.nanoTime();
            swarm.connect();
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            swarm.settle();
            long heapLoaded = options.heap() ? heapKB(pids) : -1;
            long rssLoaded = rssKB(pids);
            long toolRssLoaded = ProcFs.residentKB(ProcessHandle.current().pid());
            long holdEnd = System.nanoTime() + (long) (options.holdSeconds() * 1e9);
            while (System.nanoTime() < holdEnd) {
                LockSupport.parkNanos(Math.min(HOLD_POLL_NANOS, holdEnd - System.nanoTime()));
            }
            long rssHeld = rssKB(pids);
            long open = swarm.openConnections();
            int n = options.connections();
            Report report = Figures.header(options)
                    .put("connectSeconds", connectSeconds)
                    .put("connectionsPerSecond", n / connectSeconds)
                    .put("openAfterHold", open)
                    .put("serverRssBeforeKB", rssBefore)
                    .put("serverRssLoadedKB", rssLoaded)
                    .put("serverRssAfterHoldKB", rssHeld)
                    .put("rssPerConnectionKB", perConnection(rssBefore, rssHeld, n))
                    .put("rssPerConnectionLoadedKB", perConnection(rssBefore, rssLoaded, n))
                    .put("serverHeapBeforeKB", heapBefore)
                    .put("serverHeapLoadedKB", heapLoaded)
                    .put("heapPerConnectionKB", perConnection(heapBefore, heapLoaded, n))
                    .put("toolRssPerConnectionKB", perConnection(toolRssBefore, toolRssLoaded, n))
                    .put("errors", tally.errors())
                    .put("unexpectedCloses", tally.unexpectedCloses());
            Figures.problems(report, tally);
            return report;
        }
    }

    static double perConnection(long before, long after, int connections) {
        return before < 0 || after < 0 ? -1 : (double) (after - before) / connections;
    }

    private static long rssKB(List<Long> pids) {
        return sum(pids, ProcFs::residentKB);
    }

    private static long heapKB(List<Long> pids) {
        return sum(pids, HeapProbe::usedAfterGcKB);
    }

    private static long sum(List<Long> pids, java.util.function.LongUnaryOperator figure) {
        if (pids.isEmpty()) {
            return -1;
        }
        long total = 0;
        for (long pid : pids) {
            long value = figure.applyAsLong(pid);
            if (value < 0) {
                return -1;
            }
            total += value;
        }
        return total;
    }
}
