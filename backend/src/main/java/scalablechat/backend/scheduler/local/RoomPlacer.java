package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.SchedulerDecision;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.SessionServerClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens a room on some ready session server of the local fleet, starting a server when every running
 * one is full. The session server admits rooms atomically ({@code PUT /internal/rooms/{id}}), so its
 * answer, not the backend's possibly stale counts, decides whether a room fits.
 *
 * <p>Rooms are packed: the fullest server that still has a free slot is asked first. That keeps the
 * fleet small, and leaves the other servers empty so they can be stopped when idle. When no running
 * server has a slot, the waiting placements share the servers that are starting, and enough are started
 * at once for all of them (a backend restart brings every room back at the same moment).
 */
final class RoomPlacer {
    private static final System.Logger LOG = System.getLogger(RoomPlacer.class.getName());
    /** Retry-After when every server is full and no more may start: rooms free up as they go idle. */
    static final int NO_CAPACITY_RETRY_SECONDS = 5;
    /** Retry-After when no server could be reached or started in time. */
    static final int UNAVAILABLE_RETRY_SECONDS = 1;

    /** The room's log is held by another process (the server that hosted it is still letting go). */
    static final class HeldElsewhereException extends Exception {
        HeldElsewhereException(String roomId) {
            super("room " + roomId + " is still held by another server", null, false, false);
        }
    }

    private final SessionFleet fleet;
    private final SessionServerClient api;
    private final FleetSupervisor supervisor;
    private final SchedulerDecision.Listener decisions;
    /** Placements waiting for a server to start: after a backend restart, many at once. */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

    RoomPlacer(SessionFleet fleet, SessionServerClient api, FleetSupervisor supervisor,
               SchedulerDecision.Listener decisions) {
        this.fleet = fleet;
        this.api = api;
        this.supervisor = supervisor;
        this.decisions = decisions;
    }

    /** Opens {@code roomId} on a server with a free slot, waiting at most {@code timeout} for one to start. */
    SessionProcess place(String roomId, Duration timeout)
            throws NoCapacityException, SchedulerUnavailableException, HeldElsewhereException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<SessionProcess> refused = new HashSet<>();
        while (true) {
            for (SessionProcess server : candidates(refused)) {
                refused.add(server);
                SessionServerClient.Admission admission;
                try {
                    admission = api.admit(server.address(), roomId);
                } catch (IOException e) {
                    decisions.decided(SchedulerDecision.SERVER_UNREACHABLE);
                    LOG.log(System.Logger.Level.WARNING, "could not place room on {0}: {1}", server.host(), e.getMessage());
                    if (!openThere(server, roomId)) {
                        continue;
                    }
                    admission = SessionServerClient.Admission.ADMITTED; // the answer was lost, not the admission
                }
                switch (admission) {
                    case ADMITTED -> {
                        server.roomAdmitted();
                        supervisor.wake(); // it may be time for a warm spare
                        return server;
                    }
                    case DRAINING -> {
                        decisions.decided(SchedulerDecision.ADMISSION_REFUSED);
                        server.markDraining();
                    }
                    case CONFLICT -> {
                        decisions.decided(SchedulerDecision.ADMISSION_REFUSED);
                        throw new HeldElsewhereException(roomId);
                    }
                    case FULL -> decisions.decided(SchedulerDecision.ADMISSION_REFUSED);
                }
            }
            int waitingNow = waiting.incrementAndGet();
            try {
                Optional<SessionProcess> starting;
                try {
                    starting = fleet.startingFor(waitingNow);
                } catch (IOException e) {
                    throw new SchedulerUnavailableException(e.getMessage(), UNAVAILABLE_RETRY_SECONDS);
                }
                if (starting.isEmpty()) {
                    throw new NoCapacityException("every session server is full (MAX_SERVERS is "
                            + fleet.config().maxServers() + ")", NO_CAPACITY_RETRY_SECONDS);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !starting.get().awaitReady(Duration.ofNanos(left)) && System.nanoTime() >= deadline) {
                    throw new SchedulerUnavailableException("no session server became ready in time", UNAVAILABLE_RETRY_SECONDS);
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** Whether the room is open on {@code server} after all (a slow answer may have been cut off after the fact). */
    private boolean openThere(SessionProcess server, String roomId) {
        try {
            return api.presence(server.address(), roomId) == SessionServerClient.Presence.OPEN;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ready servers not tried yet, fullest with a free slot first, then those that looked full. */
    private List<SessionProcess> candidates(Set<SessionProcess> refused) {
        int fallbackMax = fleet.config().roomsPerServer();
        List<SessionProcess> candidates = new ArrayList<>();
        for (SessionProcess server : fleet.ready()) {
            if (!refused.contains(server)) {
                candidates.add(server);
            }
        }
        candidates.sort(Comparator
                .comparing((SessionProcess s) -> s.rooms() >= s.maxRooms(fallbackMax))
                .thenComparing(SessionProcess::rooms, Comparator.reverseOrder()));
        return candidates;
    }
}
