package scalablechat.backend.scheduler;

import scalablechat.common.RoomIds;

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
    /**
     * How long a lookup waits for a room's previous server to let go of it (a draining server closes its
     * rooms within its drain time) before answering 503 (try again).
     */
    static final Duration HANDOVER_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HANDOVER_RETRY = Duration.ofMillis(100);

    private final LocalSchedulerConfig config;
    private final SessionServerClient api;
    private final SessionFleet fleet;
    private final FleetSupervisor supervisor;
    private final RoomPlacer placer;
    private final RoomDirectory rooms = new RoomDirectory();

    /** Starts supervising at once: {@code MIN_SERVERS} servers start in the background. */
    public LocalScheduler(LocalSchedulerConfig config, SessionServerClient api) {
        this.config = config;
        this.api = api;
        this.fleet = new SessionFleet(config, api);
        this.supervisor = new FleetSupervisor(fleet, api);
        this.placer = new RoomPlacer(fleet, api, supervisor);
    }

    @Override
    public String createRoom() throws NoCapacityException, SchedulerUnavailableException {
        String roomId = RoomIds.random(ROOM_ID_LENGTH);
        try {
            rooms.placed(roomId, placer.place(roomId, config.serverStartTimeout()));
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
        try {
            RoomDirectory.Entry entry = rooms.get(roomId);
            if (entry == null) {
                if (!storedOnDisk(roomId)) {
                    return Optional.empty();
                }
                entry = rooms.register(roomId);
            }
            entry.lock();
            try {
                SessionProcess server = entry.server();
                if (server == null || !openOn(server, roomId)) {
                    server = relocate(roomId, server);
                    entry.placeOn(server);
                }
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
            return switch (api.admit(server.address(), roomId)) {
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
     * Places a known room on a live server: its previous server is gone, draining or unreachable.
     * The new server opens it from disk; if the previous one still holds it, this waits for the handover.
     */
    private SessionProcess relocate(String roomId, SessionProcess previous)
            throws SchedulerUnavailableException, InterruptedException {
        if (previous != null) {
            LOG.log(System.Logger.Level.INFO, "moving room off {0}", previous);
        }
        long deadline = System.nanoTime() + HANDOVER_TIMEOUT.toNanos();
        while (true) {
            try {
                return placer.place(roomId, config.serverStartTimeout());
            } catch (NoCapacityException e) {
                throw new SchedulerUnavailableException("no session server can take the room now: " + e.getMessage(),
                        e.retryAfterSeconds());
            } catch (RoomPlacer.HeldElsewhereException e) {
                if (System.nanoTime() > deadline) {
                    throw new SchedulerUnavailableException(e.getMessage(), RoomPlacer.UNAVAILABLE_RETRY_SECONDS);
                }
                Thread.sleep(HANDOVER_RETRY);
            }
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
    }
}
