package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.Readiness;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SchedulerDecision;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.SessionServerClient;
import scalablechat.common.RoomIds;
import scalablechat.common.Tokens;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The elastic scheduler for one machine ({@code SCHEDULER=local}): session servers are child processes of
 * the backend, started when needed and stopped when idle (see {@link FleetSupervisor}), and a room whose
 * server died is reopened on a live one, from the shared {@code DATA_DIR}, at its next lookup.
 *
 * <p>Which server hosts a room is kept in memory ({@link RoomDirectory}). After a backend restart (its
 * children die with it) that memory is empty; a room it doesn't know is looked up on disk by asking a
 * session server whether the room's history is stored in {@code DATA_DIR}, and placed anew if so.
 */
public final class LocalScheduler implements Scheduler {
    private static final System.Logger LOG = System.getLogger(LocalScheduler.class.getName());
    /** Random symbols in a room id: 80 bits, far beyond guessing. */
    static final int ROOM_ID_LENGTH = 16;
    /** How often a move asks whether the room's previous server let go of it (within the handover timeout). */
    static final Duration HANDOVER_RETRY = Duration.ofMillis(100);

    private final LocalSchedulerConfig config;
    private final SessionServerClient api;
    private final SessionServerClient admissions;
    private final SessionFleet fleet;
    private final FleetSupervisor supervisor;
    private final RoomPlacer placer;
    private final RoomDirectory rooms = new RoomDirectory();
    private final SchedulerDecision.Listener decisions;
    private final Duration lookupCache;

    /**
     * Starts supervising at once: {@code MIN_SERVERS} servers start in the background. Calls to the
     * session servers take at most {@code SESSION_SERVER_TIMEOUT_MS}, except room admissions, which may load a
     * room's history first and get at least {@link LocalSchedulerConfig#ADMISSION_TIMEOUT}. Decisions are
     * reported to {@code decisions}. A room its server admitted is not admitted again for
     * {@code ROOM_LOOKUP_CACHE_MS} while that server stays ready (zero: only lookups that were waiting for that
     * admission take its answer).
     */
    public LocalScheduler(LocalSchedulerConfig config, Tokens tokens, SchedulerDecision.Listener decisions) {
        Duration callTimeout = config.calls().sessionServerTimeout();
        this.config = config;
        this.lookupCache = config.calls().roomLookupCache();
        this.decisions = decisions;
        this.api = new SessionServerClient(tokens, callTimeout);
        Duration admissionTimeout = LocalSchedulerConfig.ADMISSION_TIMEOUT;
        this.admissions = new SessionServerClient(tokens,
                callTimeout.compareTo(admissionTimeout) > 0 ? callTimeout : admissionTimeout);
        this.fleet = new SessionFleet(config, api, decisions);
        this.supervisor = new FleetSupervisor(fleet, api, decisions);
        this.placer = new RoomPlacer(fleet, admissions, supervisor, decisions);
    }

    @Override
    public String createRoom() throws NoCapacityException, SchedulerUnavailableException {
        String roomId = RoomIds.random(ROOM_ID_LENGTH);
        try {
            rooms.placed(roomId, placer.place(roomId, config.serverStartTimeout()), lookupCache);
            decisions.decided(SchedulerDecision.ROOM_PLACED);
            return roomId;
        } catch (RoomPlacer.HeldElsewhereException e) {
            throw new IllegalStateException("a brand-new room id is already in use: " + roomId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("interrupted", RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
        }
    }

    @Override
    public Optional<RoomLocation> findRoom(String roomId) throws SchedulerUnavailableException {
        if (!RoomIds.isValid(roomId)) {
            return Optional.empty();
        }
        long arrived = System.nanoTime();
        try {
            RoomDirectory.Entry entry = rooms.get(roomId);
            SessionProcess confirmed = entry == null ? null : entry.confirmedSince(arrived);
            if (confirmed != null) {
                return Optional.of(new RoomLocation(confirmed.host(), false));
            }
            if (entry == null) {
                if (!storedOnDisk(roomId)) {
                    return Optional.empty();
                }
                entry = rooms.register(roomId);
            }
            entry.lock();
            try {
                // Lookups that queued behind one admission of this room take its answer.
                confirmed = entry.confirmedSince(arrived);
                if (confirmed != null) {
                    return Optional.of(new RoomLocation(confirmed.host(), false));
                }
                SessionProcess server = entry.server();
                if (server == null || !openOn(server, roomId)) {
                    SessionProcess previous = server;
                    server = relocate(roomId, previous);
                    entry.placeOn(server);
                    decisions.decided(SchedulerDecision.ROOM_MOVED);
                    if (previous != null) {
                        previous.roomLeft();
                    }
                }
                entry.confirm(lookupCache);
                return Optional.of(new RoomLocation(server.host(), false));
            } finally {
                entry.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("interrupted", RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
        }
    }

    /**
     * Makes sure the room is open on its server (it may have closed there when idle), which is cheap when
     * it is open already; false when the server can't have it any more (gone, draining, or full).
     */
    private boolean openOn(SessionProcess server, String roomId) {
        if (!server.isReady()) {
            return false;
        }
        try {
            return switch (admissions.admit(server.address(), roomId)) {
                case ADMITTED -> true;
                case DRAINING -> {
                    server.markDraining();
                    yield false;
                }
                case FULL, CONFLICT -> false;
            };
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "room''s server {0} unreachable: {1}", server.host(), e.getMessage());
            return false;
        }
    }

    /**
     * Places a known room on a live server: its previous server is gone, draining, unreachable or full.
     * A previous server that still runs must let go of the room first (a draining one closes its rooms
     * as it stops), so that no room is ever open on two servers at once; the new server then opens it
     * from disk. Waits at most {@link LocalSchedulerConfig#HANDOVER_TIMEOUT} for that, then answers 503 (try again).
     */
    private SessionProcess relocate(String roomId, SessionProcess previous)
            throws SchedulerUnavailableException, InterruptedException {
        if (previous != null) {
            LOG.log(System.Logger.Level.INFO, "moving room off {0}", previous);
        }
        long deadline = System.nanoTime() + LocalSchedulerConfig.HANDOVER_TIMEOUT.toNanos();
        if (previous != null) {
            awaitRelease(previous, roomId, deadline);
        }
        while (true) {
            try {
                return placer.place(roomId, config.serverStartTimeout());
            } catch (NoCapacityException e) {
                throw new SchedulerUnavailableException("no session server can take the room now: " + e.getMessage(),
                        e.retryAfterSeconds());
            } catch (RoomPlacer.HeldElsewhereException e) {
                // Some server has the room open: if it is one of ours and takes rooms, that is where it lives
                // (an admission whose answer was lost); otherwise its holder is still letting go.
                Optional<SessionProcess> holder = holder(roomId);
                if (holder.isPresent() && holder.get().isReady()) {
                    return holder.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new SchedulerUnavailableException(e.getMessage(), RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
                }
                Thread.sleep(HANDOVER_RETRY);
            }
        }
    }

    /** The running server that has the room open, if any answers so. */
    private Optional<SessionProcess> holder(String roomId) {
        for (SessionProcess server : fleet.all()) {
            if (server.isDead() || server.state() == ServerView.State.STARTING) {
                continue;
            }
            try {
                if (api.presence(server.address(), roomId) == SessionServerClient.Presence.OPEN) {
                    return Optional.of(server);
                }
            } catch (IOException e) {
                // not answering: not known to hold it
            }
        }
        return Optional.empty();
    }

    /** Waits until {@code previous} no longer has the room open: it said so, or its process ended. */
    private void awaitRelease(SessionProcess previous, String roomId, long deadline)
            throws SchedulerUnavailableException, InterruptedException {
        while (!previous.isDead()) {
            try {
                if (api.presence(previous.address(), roomId) != SessionServerClient.Presence.OPEN) {
                    return;
                }
            } catch (IOException unreachable) {
                // alive but not answering: it may still serve the room, so wait for an answer or its end
            }
            if (System.nanoTime() > deadline) {
                throw new SchedulerUnavailableException("the room's previous server " + previous.host()
                        + " has not let go of it yet", RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
            }
            Thread.sleep(HANDOVER_RETRY);
        }
    }

    /** Whether the room's history is in {@code DATA_DIR}, as a session server (they share it) sees it. */
    private boolean storedOnDisk(String roomId) throws SchedulerUnavailableException, InterruptedException {
        Optional<SessionProcess> server;
        try {
            server = fleet.anyReady(config.serverStartTimeout());
        } catch (IOException e) {
            throw new SchedulerUnavailableException(e.getMessage(), RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
        }
        if (server.isEmpty()) {
            throw new SchedulerUnavailableException("no session server is ready", RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
        }
        try {
            return api.presence(server.get().address(), roomId) != SessionServerClient.Presence.ABSENT;
        } catch (IOException e) {
            throw new SchedulerUnavailableException("session server " + server.get().host() + " unreachable",
                    RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
        }
    }

    /**
     * Ready once a session server is ready, or, with {@code MIN_SERVERS=0} and none running, when servers
     * start on demand anyway; not while the only servers are starting or draining.
     */
    @Override
    public Readiness readiness() {
        if (!fleet.ready().isEmpty()) {
            return Readiness.READY;
        }
        int alive = fleet.alive();
        if (alive == 0 && config.minServers() == 0) {
            return Readiness.READY;
        }
        return Readiness.notReady(alive == 0 ? "no session server is running"
                : "no session server is ready yet (" + alive + " starting or draining)");
    }

    @Override
    public List<ServerView> fleet() {
        List<ServerView> views = new ArrayList<>();
        for (SessionProcess server : fleet.all()) {
            views.add(server.view(config.roomsPerServer()));
        }
        return views;
    }

    /** Stops supervising, then stops every session server this backend started. */
    @Override
    public void close() {
        supervisor.close();
        fleet.close();
        api.close();
        admissions.close();
    }
}
