package scalablechat.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Before measuring, {@code --warmup} messages per room sent as a burst and fully delivered, then forgotten:
 * both processes (server and tool) compile their hot paths in the first seconds, and a run of a few seconds would
 * otherwise measure the compiler as much as the server. The warm-up has rooms and connections of its own, closed
 * before the measured ones open: the original server keeps at most 100 messages a room and ignores every send
 * after that, so warming up in the measured rooms would leave them mute, and fresh rooms start every run from the
 * same empty history on any server. Errors and unexpected closes during the warm-up fail the run.
 */
final class Warmup {
    /** The histogram the warm-up's latencies go to, which no report reads. */
    static final int PHASE = Tally.MAX_PHASES - 1;

    private Warmup() {}

    static void run(Options options) {
        if (options.warmup() == 0) {
            return;
        }
        Tally tally = new Tally();
        try (Swarm swarm = Swarm.prepare(options, tally)) {
            swarm.connect();
            swarm.settle();
            burst(swarm.rooms(), options.warmup(), PHASE, options.size(), swarm.timeout());
            if (!swarm.awaitDeliveries(swarm.timeout())) {
                throw new LoadException("the warm-up's messages were not all delivered within "
                        + swarm.timeout().toSeconds() + " s (" + tally.delivered() + " of " + tally.expected() + ")");
            }
            if (tally.errors() > 0 || tally.unexpectedCloses() > 0) {
                throw new LoadException("the warm-up got " + tally.errors() + " error frames and "
                        + tally.unexpectedCloses() + " unexpected closes");
            }
        }
    }

    /** Every room sends {@code messages} as fast as its members' connections take them, one thread per room. */
    static void burst(List<Room> rooms, int messages, int phase, int size, Duration limit) {
        List<Thread> senders = new ArrayList<>();
        for (Room room : rooms) {
            senders.add(Thread.ofVirtual().name("burst-" + room.index()).start(() -> {
                for (int i = 0; i < messages; i++) {
                    room.send(phase, size);
                }
            }));
        }
        Joiner.joinAll(senders, limit);
    }
}
