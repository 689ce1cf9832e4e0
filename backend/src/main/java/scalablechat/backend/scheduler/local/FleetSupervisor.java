package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.SchedulerDecision;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.SessionServerClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the local fleet the right size over time. Every {@link #INTERVAL}, and at once after a server
 * exits or a room is placed, it:
 * <ol>
 *   <li>asks every ready or draining server for its status (rooms, users, connections), and kills one
 *       that has not answered for {@link #UNRESPONSIVE_LIMIT};</li>
 *   <li>starts servers until {@code MIN_SERVERS} are alive (replacing dead ones);</li>
 *   <li>starts a warm spare when the servers up are at least {@link #SPARE_UTILISATION} full, or could
 *       not take in the rooms of their busiest one if it died, so neither a new room nor a failover
 *       usually waits for a JVM to start;</li>
 *   <li>drains and stops a server that has hosted no room for {@code SERVER_IDLE_SECONDS}, unless that
 *       would leave fewer than {@code MIN_SERVERS} or it is the warm spare.</li>
 * </ol>
 * It runs on one thread of its own, so these decisions never race each other.
 */
final class FleetSupervisor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FleetSupervisor.class.getName());
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Share of the room slots of the servers up (or starting) in use at which one more is started. */
    static final double SPARE_UTILISATION = 0.8;
    /**
     * A running server that has not answered a status request for this long is hung: it is killed, so that
     * its rooms can move (they can't while it might still serve them) and it can be replaced.
     */
    static final Duration UNRESPONSIVE_LIMIT = Duration.ofSeconds(15);

    private final SessionFleet fleet;
    private final SessionServerClient api;
    private final SchedulerDecision.Listener decisions;
    private final LinkedBlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    FleetSupervisor(SessionFleet fleet, SessionServerClient api, SchedulerDecision.Listener decisions) {
        this.fleet = fleet;
        this.api = api;
        this.decisions = decisions;
        fleet.onServerExit(this::wake);
        this.thread = Thread.ofPlatform().daemon().name("fleet-supervisor").start(this::run);
    }

    /** Asks for a round now rather than at the next tick. */
    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    private void run() {
        while (running) {
            try {
                superviseOnce();
                wakeups.poll(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                wakeups.clear();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                LOG.log(System.Logger.Level.WARNING, "fleet supervision failed: " + e, e);
            }
        }
    }

    void superviseOnce() throws IOException, InterruptedException {
        refreshStatuses();
        killHungServers();
        while (running && fleet.alive() < fleet.config().minServers()) {
            if (fleet.start().isEmpty()) {
                break;
            }
        }
        if (running && needsSpare(fleet.all(), null)) {
            fleet.start().ifPresent(spare -> LOG.log(System.Logger.Level.INFO, "starting {0} as a warm spare", spare.host()));
        }
        stopIdleServers();
    }

    private void refreshStatuses() throws InterruptedException {
        List<Thread> polls = new ArrayList<>();
        for (SessionProcess server : fleet.all()) {
            if (server.isReady() || server.state() == ServerView.State.DRAINING) {
                polls.add(Thread.ofVirtual().start(() -> refresh(server)));
            }
        }
        for (Thread poll : polls) {
            poll.join();
        }
    }

    private void refresh(SessionProcess server) {
        try {
            server.updateStatus(api.status(server.address()));
        } catch (IOException e) {
            // A server that dies says so through its process exit; a slow one is asked again next round.
            LOG.log(System.Logger.Level.DEBUG, "no status from {0}: {1}", server.host(), e.getMessage());
        }
    }

    private void killHungServers() {
        Instant silentSince = Instant.now().minus(UNRESPONSIVE_LIMIT);
        for (SessionProcess server : fleet.all()) {
            if ((server.isReady() || server.state() == ServerView.State.DRAINING)
                    && server.lastAnswer().isBefore(silentSince)) {
                LOG.log(System.Logger.Level.WARNING, "{0} has not answered for {1} s: killing it", server.host(),
                        String.valueOf(UNRESPONSIVE_LIMIT.toSeconds()));
                decisions.decided(SchedulerDecision.SERVER_KILLED_HUNG);
                server.kill();
            }
        }
    }

    private void stopIdleServers() {
        Instant idleBefore = Instant.now().minus(fleet.config().serverIdle());
        for (SessionProcess server : fleet.all()) {
            Instant emptySince = server.emptySince();
            if (!server.isReady() || emptySince == null || emptySince.isAfter(idleBefore)) {
                continue;
            }
            if (fleet.alive() <= fleet.config().minServers()) {
                return;
            }
            if (needsSpare(fleet.all(), server)) {
                continue;
            }
            if (!server.retire()) {
                continue;
            }
            // A room may have been placed there since the last status: look once more, now that no
            // further room can be.
            refresh(server);
            if (server.rooms() > 0) {
                server.unretire();
                continue;
            }
            LOG.log(System.Logger.Level.INFO, "{0} hosted no room for {1} s: draining and stopping it",
                    server.host(), String.valueOf(fleet.config().serverIdle().toSeconds()));
            decisions.decided(SchedulerDecision.SERVER_STOPPED_IDLE);
            Thread.ofVirtual().name("stop " + server.host()).start(
                    () -> SessionFleet.stopQuietly(server, SessionFleet.STOP_GRACE));
        }
    }

    /**
     * Whether the servers up or starting, {@code without} one of them, want one more (and there is room for
     * one more, and none is starting already): when they are at least {@link #SPARE_UTILISATION} full, or
     * when their free slots could not take in the rooms of the busiest of them, should it die. Rooms of
     * servers that drain, or died less than {@code SERVER_IDLE_SECONDS} ago, and are not placed elsewhere
     * yet, count as rooms in use.
     */
    boolean needsSpare(List<SessionProcess> servers, SessionProcess without) {
        int fallbackMax = fleet.config().roomsPerServer();
        int alive = 0;
        long capacity = 0;
        long used = 0;
        long busiest = 0;
        for (SessionProcess server : servers) {
            if (server == without) {
                continue;
            }
            switch (server.state()) {
                case STARTING -> {
                    if (without == null) {
                        return false; // a server is on its way already
                    }
                    alive++;
                    capacity += fallbackMax;
                }
                case READY -> {
                    alive++;
                    capacity += server.maxRooms(fallbackMax);
                    used += server.rooms();
                    busiest = Math.max(busiest, server.rooms());
                }
                case DRAINING -> {
                    alive++;
                    used += server.rooms();
                }
                case DEAD -> {
                    // Its rooms wait for a home while their members come back; rooms nobody came back to
                    // within the idle time are as good as closed.
                    if (server.deadSince().isAfter(Instant.now().minus(fleet.config().serverIdle()))) {
                        used += server.rooms();
                    }
                }
            }
        }
        if (without == null && alive >= fleet.config().maxServers()) {
            return false;
        }
        return used > 0 && (used >= SPARE_UTILISATION * capacity || capacity - used < busiest);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
