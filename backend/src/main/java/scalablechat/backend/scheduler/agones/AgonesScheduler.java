package scalablechat.backend.scheduler.agones;

import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.Readiness;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rooms on Agones GameServers ({@code SCHEDULER=agones}): each session server is a GameServer of one Fleet, and
 * its Agones List {@code rooms} holds the ids of its rooms, with the room cap as its capacity. A room is placed by a
 * GameServerAllocation that adds its id to a server's list; it is found in a watched map of the fleet. Backend
 * replicas share nothing but the Kubernetes API.
 *
 * <p>Room ids carry a MAC ({@link SignedRoomIds}), so any replica tells a room whose server died (a good MAC, on no
 * server: placed again under the same id) from one that never existed ({@code {"host":null}}). Before placing a
 * room again, a replica takes the room's Lease ({@link RoomLease}: of replicas that find the server gone at the same
 * moment, exactly one places the room, and the others wait for it) and lists the fleet afresh under it: a lagging
 * watch must never put a room on a second server.
 */
public final class AgonesScheduler implements Scheduler {
    private static final System.Logger LOG = System.getLogger(AgonesScheduler.class.getName());
    /** After UnAllocated, Agones may only have given the last slot of a 500 ms batch away: try again this much later. */
    static final Duration UNALLOCATED_RETRY = Duration.ofMillis(600);
    /** UnAllocated this many times in a row means the fleet is full: 503 with Retry-After. */
    static final int UNALLOCATED_TRIES = 3;
    static final Duration BUSY_RETRY_MIN = Duration.ofMillis(100);
    static final Duration BUSY_RETRY_MAX = Duration.ofSeconds(2);
    /** A room this replica just placed is found here until the watch has caught up (about a second). */
    static final Duration JUST_PLACED = Duration.ofSeconds(15);
    /** While another replica holds a room's lease, look for its placement this often. */
    static final Duration LEASE_WAIT = Duration.ofMillis(250);
    /** What a 503 asks clients to wait. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final AgonesConfig config;
    private final KubernetesApi api;
    private final GameServerWatch watch;
    private final SignedRoomIds ids;
    private final RoomLease lease;
    private final Map<String, Placed> justPlaced = new ConcurrentHashMap<>();
    /** Placements in progress, by room id: concurrent lookups of one room share one. */
    private final Map<String, CompletableFuture<GameServer>> placing = new ConcurrentHashMap<>();

    private record Placed(GameServer server, long atNanos) {}

    public AgonesScheduler(AgonesConfig config, String jwtSecret) {
        this.config = config;
        this.api = new KubernetesApi(config);
        this.watch = new GameServerWatch(api, config);
        this.ids = new SignedRoomIds(jwtSecret);
        this.lease = new RoomLease(api, config);
        LOG.log(System.Logger.Level.INFO, "Agones scheduler: {0}", config);
    }

    @Override
    public String createRoom() throws NoCapacityException, SchedulerUnavailableException {
        String roomId = ids.newId();
        place(roomId);
        return roomId;
    }

    @Override
    public Optional<RoomLocation> findRoom(String roomId) throws SchedulerUnavailableException {
        GameServer holder = holder(watch.servers(), roomId);
        if (holder != null) {
            return Optional.of(location(holder));
        }
        Placed placed = justPlaced.get(roomId);
        if (placed != null && System.nanoTime() - placed.atNanos() < JUST_PLACED.toNanos()) {
            // Placed here a moment ago and the watch has not shown the room yet: trust it while its server is up.
            GameServer now = watch.servers().get(placed.server().name());
            if (now != null && now.isUp() && !now.draining()) {
                return Optional.of(location(placed.server()));
            }
        }
        if (!ids.isMinted(roomId)) {
            return Optional.empty(); // no backend made this id: it never existed
        }
        // A room a backend made, not in this replica's map: just created elsewhere (the watch lags about a second),
        // or its server is gone. Only a fresh list tells.
        try {
            holder = holder(watch.listNow(), roomId);
        } catch (IOException e) {
            throw new SchedulerUnavailableException("cannot list the fleet's GameServers: " + e.getMessage(), RETRY_AFTER_SECONDS);
        }
        if (holder != null) {
            return Optional.of(location(holder));
        }
        try {
            return Optional.of(location(placeAgain(roomId)));
        } catch (NoCapacityException e) {
            throw new SchedulerUnavailableException(e.getMessage(), e.retryAfterSeconds());
        }
    }

    /** A room a backend made is on no server (its server died): one replica, holding its lease, places it again. */
    private GameServer placeAgain(String roomId) throws NoCapacityException, SchedulerUnavailableException {
        long deadline = System.nanoTime() + AgonesConfig.CREATE_DEADLINE.toNanos();
        while (true) {
            boolean mine;
            try {
                mine = lease.acquire(roomId);
            } catch (IOException e) {
                throw new SchedulerUnavailableException("cannot take the room's lease: " + e.getMessage(), RETRY_AFTER_SECONDS);
            }
            if (mine) {
                try {
                    GameServer holder = listedHolder(roomId); // placed by another replica just before we took the lease?
                    if (holder != null) {
                        return holder;
                    }
                    LOG.log(System.Logger.Level.INFO, "room {0} is on no GameServer (its server is gone): placing it again", roomId);
                    return place(roomId);
                } finally {
                    lease.release(roomId);
                }
            }
            pause(LEASE_WAIT, deadline, "another backend is placing the room"); // it holds the lease: wait for its work
            GameServer holder = listedHolder(roomId);
            if (holder != null) {
                return holder;
            }
        }
    }

    /** Places {@code roomId}, sharing a placement already under way for it on this replica. */
    private GameServer place(String roomId) throws NoCapacityException, SchedulerUnavailableException {
        CompletableFuture<GameServer> mine = new CompletableFuture<>();
        CompletableFuture<GameServer> running = placing.putIfAbsent(roomId, mine);
        if (running != null) {
            return await(running);
        }
        try {
            GameServer server = allocate(roomId);
            justPlaced.put(roomId, new Placed(server, System.nanoTime()));
            justPlaced.values().removeIf(p -> System.nanoTime() - p.atNanos() > JUST_PLACED.toNanos());
            mine.complete(server);
            return server;
        } catch (NoCapacityException | SchedulerUnavailableException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            placing.remove(roomId, mine);
        }
    }

    private static GameServer await(CompletableFuture<GameServer> running)
            throws NoCapacityException, SchedulerUnavailableException {
        try {
            return running.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case NoCapacityException full -> throw full;
                case SchedulerUnavailableException unavailable -> throw unavailable;
                case RuntimeException other -> throw other;
                default -> throw e;
            }
        }
    }

    /**
     * Allocations until one holds the room, within {@link AgonesConfig#CREATE_DEADLINE}. An allocation is not
     * idempotent and Agones applies one it picked up even if its answer is lost, so after any failure that may
     * have been applied, the fleet is listed before allocating again.
     */
    private GameServer allocate(String roomId) throws NoCapacityException, SchedulerUnavailableException {
        long deadline = System.nanoTime() + AgonesConfig.CREATE_DEADLINE.toNanos();
        int unallocated = 0;
        Duration busyPause = BUSY_RETRY_MIN;
        String last = "";
        while (true) {
            Allocation.Result result;
            try {
                KubernetesApi.Reply reply = api.post("/apis/allocation.agones.dev/v1/namespaces/" + config.namespace()
                        + "/gameserverallocations", Allocation.request(config, roomId));
                result = Allocation.result(reply, config, roomId);
            } catch (IOException e) {
                result = new Allocation.Result(Allocation.Outcome.BUSY, null, "no answer: " + e.getMessage());
            }
            last = result.detail();
            switch (result.outcome()) {
                case PLACED -> {
                    if (result.server().host() == null) {
                        throw new SchedulerUnavailableException("Agones allocated " + result.server().name()
                                + " without an address or a port named ws", RETRY_AFTER_SECONDS);
                    }
                    return result.server();
                }
                case UNALLOCATED -> {
                    if (++unallocated >= UNALLOCATED_TRIES) {
                        throw new NoCapacityException("no session server has a free room slot (Agones answered "
                                + "UnAllocated " + unallocated + " times)", RETRY_AFTER_SECONDS);
                    }
                    pause(UNALLOCATED_RETRY, deadline, last);
                }
                case BUSY, NOT_ADDED -> {
                    GameServer holder = listedHolder(roomId); // the failed call may have been applied after all
                    if (holder != null) {
                        return holder;
                    }
                    pause(busyPause, deadline, last);
                    busyPause = busyPause.multipliedBy(2).compareTo(BUSY_RETRY_MAX) > 0 ? BUSY_RETRY_MAX : busyPause.multipliedBy(2);
                }
                case REFUSED -> {
                    LOG.log(System.Logger.Level.ERROR, "Agones refused an allocation: " + last
                            + " (is Agones installed, and may this service account create gameserverallocations?)");
                    throw new SchedulerUnavailableException("Agones refused the allocation: " + last, RETRY_AFTER_SECONDS);
                }
            }
        }
    }

    /** The fleet listed afresh holds the room: where. Null when it does not, or cannot be listed now. */
    private GameServer listedHolder(String roomId) {
        try {
            return holder(watch.listNow(), roomId);
        } catch (IOException e) {
            return null;
        }
    }

    private static void pause(Duration pause, long deadline, String last) throws SchedulerUnavailableException {
        if (System.nanoTime() + pause.toNanos() > deadline) {
            throw new SchedulerUnavailableException("Agones did not place the room in time (last answer: " + last + ")",
                    RETRY_AFTER_SECONDS);
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("interrupted", RETRY_AFTER_SECONDS);
        }
    }

    private static GameServer holder(Map<String, GameServer> servers, String roomId) {
        List<GameServer> holders = GameServerWatch.holders(servers, roomId);
        return holders.isEmpty() ? null : holders.getFirst();
    }

    private RoomLocation location(GameServer server) {
        return new RoomLocation(server.host(), config.wss());
    }

    @Override
    public List<ServerView> fleet() {
        List<ServerView> views = new ArrayList<>();
        for (GameServer server : watch.servers().values()) {
            List<ServerView.RoomView> rooms = server.rooms().stream().map(id -> new ServerView.RoomView(id, 0, 0)).toList();
            views.add(new ServerView(server.host() != null ? server.host() : server.name(), state(server),
                    server.capacity(), rooms));
        }
        views.sort(java.util.Comparator.comparing(ServerView::host));
        return views;
    }

    private static ServerView.State state(GameServer server) {
        if (server.isUp()) {
            return server.draining() ? ServerView.State.DRAINING : ServerView.State.READY;
        }
        return switch (server.state()) {
            case "Unhealthy", "Error", "Shutdown" -> ServerView.State.DEAD;
            default -> ServerView.State.STARTING; // PortAllocation, Creating, Starting, Scheduled, RequestReady
        };
    }

    @Override
    public Readiness readiness() {
        return watch.isSynced() ? Readiness.READY : Readiness.notReady("the fleet's GameServers have not been listed yet");
    }

    @Override
    public void close() {
        watch.close();
    }
}
