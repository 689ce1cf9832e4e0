package scalablechat.backend.scheduler.fixed;

import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.Readiness;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SchedulerDecision;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.SessionServerClient;
import scalablechat.backend.scheduler.SessionServerUnreachableException;
import scalablechat.common.RoomIds;
import scalablechat.common.Tokens;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places rooms on a fixed list of session servers that someone else runs ({@code SESSION_SERVER_HOST}).
 *
 * <p>Every server is asked for its status once a second in the background ({@link ServerHealth}). Creating
 * a room skips servers that are dead, draining or full by that account, and asks the one with the fewest
 * rooms to admit the new room. Admission happens on the session
 * server itself ({@code PUT /internal/rooms/{id}}), atomically against its {@code ROOMS_PER_SERVER}, so
 * several backends creating rooms at once can never overfill a server: the loser of a race for the last
 * slot gets 503 and tries the next server.
 *
 * <p>Finding a room needs no memory either: the room id names its server (see {@link ServerTaggedRoomIds}),
 * so every backend with the same list resolves every room, and a restart forgets nothing. A room whose
 * server is down answers 503 (try again), never "unknown room". A room its server confirmed is not asked
 * about again for {@code ROOM_LOOKUP_CACHE_MS}, and concurrent lookups of one room share one call
 * ({@link RoomPresenceCache}); the health check comes first, so a dead server's rooms answer 503 all the same.
 */
public final class StaticScheduler implements Scheduler {
    /** Retry-After when every server is full: rooms free up as people leave, not within seconds. */
    static final int RETRY_AFTER_FULL_SECONDS = 30;
    /** Retry-After when servers can't be reached: a restarting server is back within seconds. */
    static final int RETRY_AFTER_UNREACHABLE_SECONDS = 3;

    private static final System.Logger LOG = System.getLogger(StaticScheduler.class.getName());

    private final List<SessionServerAddress> servers;
    private final SessionServerClient client;
    private final ServerTaggedRoomIds roomIds;
    private final ServerHealth health;
    private final SchedulerDecision.Listener decisions;
    /** Admissions asked for and not yet answered, by the server asked first; guarded by itself. */
    private final Map<SessionServerAddress, Integer> placing = new HashMap<>();
    private final RoomPresenceCache presence;

    /**
     * The scheduler {@code config} describes, calling its servers with internal tokens of {@code tokens} and
     * reporting its decisions to {@code decisions}.
     */
    public StaticScheduler(StaticSchedulerConfig config, Tokens tokens, SchedulerDecision.Listener decisions) {
        this(config.sessionServers(), new SessionServerClient(tokens, config.calls().sessionServerTimeout()),
                decisions, config.calls().roomLookupCache());
    }

    public StaticScheduler(List<SessionServerAddress> servers, SessionServerClient client) {
        this(servers, client, SchedulerDecision.Listener.NONE, Duration.ZERO);
    }

    /**
     * As {@link #StaticScheduler(List, SessionServerClient)}, reporting its decisions to {@code decisions}
     * and remembering for {@code lookupCache} that a room exists.
     */
    public StaticScheduler(List<SessionServerAddress> servers, SessionServerClient client,
                           SchedulerDecision.Listener decisions, Duration lookupCache) {
        this.decisions = decisions;
        this.presence = new RoomPresenceCache(lookupCache);
        this.servers = List.copyOf(servers);
        this.client = client;
        this.roomIds = new ServerTaggedRoomIds(this.servers);
        this.health = new ServerHealth(this.servers, client);
    }

    @Override
    public String createRoom() throws NoCapacityException, SchedulerUnavailableException {
        List<ServerHealth.Probe> probes = health.latest();
        if (probes.stream().noneMatch(ServerHealth.Probe::acceptsRooms)) {
            // Before the first round, or when every server looked full or down a moment ago: ask now.
            probes = health.probeAll();
        }
        boolean anyAnswered = probes.stream().anyMatch(ServerHealth.Probe::up);
        List<ServerHealth.Probe> candidates;
        SessionServerAddress reserved;
        synchronized (placing) {
            candidates = candidates();
            reserved = candidates.isEmpty() ? null : candidates.getFirst().server();
            if (reserved != null) {
                placing.merge(reserved, 1, Integer::sum);
            }
        }
        try {
            for (ServerHealth.Probe candidate : candidates) {
                String roomId = roomIds.newId(candidate.server());
                try {
                    switch (client.admit(candidate.server(), roomId)) {
                        case ADMITTED -> {
                            synchronized (placing) {
                                // Counted as a room before it stops counting as a placement, in one step.
                                health.admitted(candidate.server());
                                release(reserved);
                                reserved = null;
                            }
                            presence.admitted(roomId);
                            decisions.decided(SchedulerDecision.ROOM_PLACED);
                            return roomId;
                        }
                        case FULL, DRAINING, CONFLICT -> {
                            decisions.decided(SchedulerDecision.ADMISSION_REFUSED);
                            LOG.log(Level.DEBUG, "{0} did not admit a room; trying the next server", candidate.server());
                        }
                    }
                } catch (SessionServerUnreachableException e) {
                    decisions.decided(SchedulerDecision.SERVER_UNREACHABLE);
                    health.unreachable(candidate.server(), e);
                    LOG.log(Level.WARNING, "room admission failed: {0}", e.getMessage());
                }
            }
        } finally {
            synchronized (placing) {
                release(reserved);
            }
        }
        if (!anyAnswered) {
            throw new SchedulerUnavailableException(health.whyNoneReachable(), RETRY_AFTER_UNREACHABLE_SECONDS);
        }
        throw new NoCapacityException("every session server is full", RETRY_AFTER_FULL_SECONDS);
    }

    /**
     * The servers that take rooms, by the latest probes, fewest rooms first, counting the admissions other
     * requests are waiting for: without them, rooms created at the same moment all see the same counts and
     * pile onto one server. Called holding {@link #placing}, which the latest probes are read under too.
     */
    private List<ServerHealth.Probe> candidates() {
        List<ServerHealth.Probe> candidates = new ArrayList<>();
        for (ServerHealth.Probe probe : health.latest()) {
            if (probe.acceptsRooms()) {
                candidates.add(probe);
            }
        }
        // Shuffle before the stable sort so that backends breaking the same tie don't all pick the same server.
        Collections.shuffle(candidates);
        candidates.sort(Comparator.comparingInt(probe -> probe.status().rooms() + placing.getOrDefault(probe.server(), 0)));
        return candidates;
    }

    private void release(SessionServerAddress reserved) {
        if (reserved != null) {
            placing.computeIfPresent(reserved, (server, count) -> count == 1 ? null : count - 1);
        }
    }

    @Override
    public Optional<RoomLocation> findRoom(String roomId) throws SchedulerUnavailableException {
        if (!RoomIds.isValid(roomId)) {
            return Optional.empty();
        }
        Optional<SessionServerAddress> server = roomIds.serverOf(roomId);
        if (server.isEmpty()) {
            return Optional.empty();
        }
        if (health.knownDown(server.get())) {
            throw new SchedulerUnavailableException(health.rejectsOurToken(server.get())
                    ? "the room's session server rejects our internal token: JWT_SECRET differs"
                    : "the room's session server is down", RETRY_AFTER_UNREACHABLE_SECONDS);
        }
        try {
            boolean exists = presence.exists(roomId, () -> switch (client.presence(server.get(), roomId)) {
                // A stored room is reopened by the first client that connects with a valid session token.
                case OPEN, STORED -> true;
                case ABSENT -> false;
            });
            return exists ? Optional.of(server.get().location()) : Optional.empty();
        } catch (SessionServerUnreachableException e) {
            decisions.decided(SchedulerDecision.SERVER_UNREACHABLE);
            health.unreachable(server.get(), e);
            LOG.log(Level.WARNING, "room lookup failed: {0}", e.getMessage());
            throw new SchedulerUnavailableException("the room's session server is unreachable",
                    RETRY_AFTER_UNREACHABLE_SECONDS);
        }
    }

    @Override
    public List<ServerView> fleet() {
        List<ServerView> views = new ArrayList<>();
        for (ServerHealth.Probe probe : health.latest()) {
            String host = probe.server().toString();
            if (!probe.up()) {
                views.add(new ServerView(host, ServerView.State.DEAD, 0, List.of()));
            } else {
                ServerView.State state = probe.status().draining() ? ServerView.State.DRAINING : ServerView.State.READY;
                views.add(new ServerView(host, state, probe.status().maxRooms(), probe.status().roomList(),
                        probe.status().traffic()));
            }
        }
        return views;
    }

    /**
     * Ready while at least one listed session server answered its last health probe and is not draining:
     * one that can take rooms. Reads the background probes (before their first round, it asks at once).
     */
    @Override
    public Readiness readiness() {
        List<ServerHealth.Probe> probes = health.latest();
        if (probes.isEmpty()) {
            probes = health.probeAll();
        }
        for (ServerHealth.Probe probe : probes) {
            if (probe.up() && !probe.status().draining()) {
                return Readiness.READY;
            }
        }
        return Readiness.notReady("no session server is up and ready (of " + servers.size() + " listed)");
    }

    @Override
    public void close() {
        health.close();
        client.close();
    }
}
