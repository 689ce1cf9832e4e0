package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.SchedulerDecision;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.SessionServerClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The session servers this backend runs as child processes: starting them (never more than
 * {@code MAX_SERVERS} alive at once), forgetting them when they exit, and stopping them all on close.
 * What to start or stop, and when, is decided by {@link FleetSupervisor} and {@link RoomPlacer}.
 *
 * <p>Thread safety: membership changes under this object's monitor; no process is started, waited on
 * or called over HTTP while holding it, except {@link ProcessBuilder#start()}, which takes milliseconds.
 */
final class SessionFleet implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionFleet.class.getName());
    /** How long a dead server stays in the fleet view, so people watching see what happened. */
    static final Duration DEAD_SHOWN_FOR = Duration.ofSeconds(30);
    /** How long a stopping server may take to drain before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** A child that can't start (a port taken meanwhile, say) is retried this many times in a row. */
    static final int START_ATTEMPTS = 3;

    private final LocalSchedulerConfig config;
    private final SessionServerClient api;
    private final SchedulerDecision.Listener decisions;
    private final List<SessionProcess> servers = new ArrayList<>(); // alive, and dead for DEAD_SHOWN_FOR
    private volatile Runnable onServerExit = () -> {};
    private boolean closed;

    SessionFleet(LocalSchedulerConfig config, SessionServerClient api, SchedulerDecision.Listener decisions) {
        this.config = config;
        this.api = api;
        this.decisions = decisions;
    }

    /** Called after any server's process ended (on a JDK thread), to replace it if needed. */
    void onServerExit(Runnable action) {
        onServerExit = action;
    }

    LocalSchedulerConfig config() {
        return config;
    }

    /**
     * A server for the {@code waiting}-th of the placements now waiting for room: starting servers are
     * shared among the waiting placements, {@code ROOMS_PER_SERVER} each, and more are started (all at once)
     * until there are enough for every waiting placement or {@code MAX_SERVERS} are alive. Empty when none
     * is starting and none may start.
     */
    synchronized Optional<SessionProcess> startingFor(int waiting) throws IOException {
        List<SessionProcess> starting = new ArrayList<>();
        for (SessionProcess server : servers) {
            if (server.state() == ServerView.State.STARTING) {
                starting.add(server);
            }
        }
        int perServer = Math.max(1, config.roomsPerServer());
        while ((long) starting.size() * perServer < waiting) {
            Optional<SessionProcess> more = start();
            if (more.isEmpty()) {
                break;
            }
            starting.add(more.get());
        }
        if (starting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(starting.get(Math.max(0, waiting - 1) / perServer % starting.size()));
    }

    /** A server that is starting now, or a newly started one; empty at {@code MAX_SERVERS}. */
    synchronized Optional<SessionProcess> startingOrStart() throws IOException {
        return startingFor(1);
    }

    /** Starts one more server unless {@code MAX_SERVERS} are alive (or the fleet is closed). */
    synchronized Optional<SessionProcess> start() throws IOException {
        if (closed || alive() >= config.maxServers()) {
            return Optional.empty();
        }
        IOException failure = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                SessionProcess server = SessionProcess.start(config, api, this::exited);
                servers.add(server);
                decisions.decided(SchedulerDecision.SERVER_STARTED);
                return Optional.of(server);
            } catch (IOException e) {
                failure = e;
            }
        }
        throw new IOException("could not start a session server: " + failure.getMessage(), failure);
    }

    private void exited(SessionProcess server) {
        synchronized (this) {
            servers.removeIf(s -> s.isDead() && s.deadSince().isBefore(Instant.now().minus(DEAD_SHOWN_FOR)));
        }
        onServerExit.run();
    }

    /** Servers not yet exited: starting, ready or draining. */
    synchronized int alive() {
        int count = 0;
        for (SessionProcess server : servers) {
            if (!server.isDead()) {
                count++;
            }
        }
        return count;
    }

    synchronized List<SessionProcess> ready() {
        List<SessionProcess> ready = new ArrayList<>();
        for (SessionProcess server : servers) {
            if (server.isReady()) {
                ready.add(server);
            }
        }
        return ready;
    }

    /** Every server the fleet view shows: alive ones, and those dead for less than {@link #DEAD_SHOWN_FOR}. */
    synchronized List<SessionProcess> all() {
        Instant cutoff = Instant.now().minus(DEAD_SHOWN_FOR);
        servers.removeIf(s -> s.isDead() && s.deadSince().isBefore(cutoff));
        return List.copyOf(servers);
    }

    /** Waits until some server is ready, starting one if none is alive; empty when none became ready in time. */
    Optional<SessionProcess> anyReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<SessionProcess> ready = ready();
            if (!ready.isEmpty()) {
                return Optional.of(ready.get(0));
            }
            Optional<SessionProcess> starting = startingOrStart();
            if (starting.isEmpty()) {
                return Optional.empty(); // at the maximum, with none ready: all draining
            }
            starting.get().awaitReady(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return Optional.empty();
    }

    /** Stops every server, gracefully (drain) and then by force, all at once. */
    @Override
    public void close() {
        List<SessionProcess> stopping;
        synchronized (this) {
            closed = true;
            stopping = List.copyOf(servers);
        }
        CompletableFuture<?>[] stops = stopping.stream()
                .filter(server -> !server.isDead())
                .map(server -> CompletableFuture.runAsync(() -> stopQuietly(server, STOP_GRACE),
                        runnable -> Thread.ofVirtual().start(runnable)))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(stops).join();
    }

    static void stopQuietly(SessionProcess server, Duration grace) {
        try {
            server.stop(grace);
        } catch (InterruptedException e) {
            server.kill();
            Thread.currentThread().interrupt();
        }
        LOG.log(System.Logger.Level.DEBUG, "stopped {0}", server);
    }
}
