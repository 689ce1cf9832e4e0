package scalablechat.backend.chaos;

import java.time.Duration;
import java.util.List;

/**
 * The shape of one chaos run.
 *
 * @param rooms          rooms driven at once
 * @param members        members (each its own user) per room
 * @param sendEvery      how often each member sends a message
 * @param faults         the faults, done in this order, one after another
 * @param calm           steady traffic before the first fault, between faults (once everyone is back), and after the last
 * @param roomsPerServer {@code ROOMS_PER_SERVER} of the session servers
 * @param usersPerRoom   {@code USERS_PER_ROOM} of the session servers
 * @param maxServers     {@code MAX_SERVERS} of the local scheduler
 * @param seed           picks the victims; the same seed picks the same way
 */
record ChaosSettings(int rooms, int members, Duration sendEvery, List<Fault> faults, Duration calm,
                     int roomsPerServer, int usersPerRoom, int maxServers, long seed) {

    enum Fault {
        KILL("SIGKILL a session server"),
        DRAIN("drain a session server"),
        RESTART("SIGKILL and restart the backend");

        final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    /** The run inside {@code make test}: each kind of fault once, in well under a minute. */
    static ChaosSettings quick() {
        return new ChaosSettings(3, 3, Duration.ofMillis(400), List.of(Fault.KILL, Fault.DRAIN, Fault.RESTART),
                Duration.ofSeconds(2), 2, 100, 4, 1);
    }

    /** {@code make chaos}: more rooms and members, and {@code faults} faults of every kind in turn. */
    static ChaosSettings thorough(int faults, long seed) {
        List<Fault> order = new java.util.ArrayList<>();
        Fault[] kinds = {Fault.KILL, Fault.DRAIN, Fault.KILL, Fault.RESTART};
        for (int i = 0; i < faults; i++) {
            order.add(kinds[i % kinds.length]);
        }
        return new ChaosSettings(8, 5, Duration.ofMillis(500), List.copyOf(order), Duration.ofSeconds(3), 3, 100, 6, seed);
    }
}
