package scalablechat.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The paced scenario's steady members chat while other users join and leave: {@code --churn-rate} joins a
 * second over all rooms (round-robin), each a full login, lookup and connect, staying {@code --churn-stay}
 * seconds and then leaving cleanly. Reports the members' delivery latency under that churn and how long a join
 * took, from login to the server's first frame.
 */
final class ChurnScenario {
    private ChurnScenario() {}

    static Report run(Options options) {
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.ready(options, tally)) {
            LatencyHistogram joins = new LatencyHistogram();
            LongAdder failedJoins = new LongAdder();
            List<String> firstFailure = new ArrayList<>();
            Measurement measurement = Measurement.start(options, swarm);
            Duration stay = Duration.ofMillis((long) (options.churnStaySeconds() * 1000));
            Thread churn = Thread.ofVirtual().name("churn").start(() -> {
                double period = 1e9 / options.churnRate();
                long count = PacedSenders.slots(options.churnRate(), options.durationSeconds());
                long start = System.nanoTime();
                List<Thread> joiners = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    long slot = start + (long) (k * period);
                    for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    int room = k % options.rooms();
                    String userId = "c" + room + "-" + (k / options.rooms());
                    joiners.add(Thread.ofVirtual().start(() -> {
                        long began = System.nanoTime();
                        try {
                            ChatConnection joiner = swarm.join(room, userId);
                            joins.record(System.nanoTime() - began);
                            LockSupport.parkNanos(stay.toNanos());
                            joiner.close();
                        } catch (RuntimeException e) {
                            failedJoins.increment();
                            synchronized (firstFailure) {
                                if (firstFailure.isEmpty()) {
                                    firstFailure.add(e.getMessage());
                                }
                            }
                        }
                    }));
                }
                Joiner.joinAll(joiners, stay.plus(swarm.timeout()).plus(swarm.timeout()));
            });
            PacedSenders.Result sent = PacedSenders.run(swarm.rooms(), options.rate(), options.durationSeconds(),
                    0, options.size(), swarm.timeout());
            Joiner.joinAll(List.of(churn), stay.plus(swarm.timeout()).plus(swarm.timeout()).plus(swarm.timeout()));
            swarm.awaitDeliveries(swarm.timeout());
            measurement.stop();
            Report report = Figures.header(options)
                    .put("ratePerRoom", options.rate())
                    .put("churnRate", options.churnRate());
            Figures.chat(report, tally, tally.phase(0), sent.seconds(), measurement.bytesReceived());
            report.put("lateSends", sent.late())
                    .put("joins", joins.count())
                    .put("failedJoins", failedJoins.sum())
                    .putLatency("join", joins);
            if (!firstFailure.isEmpty()) {
                report.put("firstFailedJoin", firstFailure.get(0));
            }
            return measurement.finish(report, tally);
        }
    }
}
