package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.ServerStatus;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.SessionServerClient;
import scalablechat.common.contract.SessionPorts;
import scalablechat.common.contract.SharedSettings;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One session server running as a child process of the backend, and what the backend knows of it.
 * It is started on free ports with the fleet's shared secret and data directory, and told the backend's
 * pid ({@code PARENT_PID}) so that it exits when the backend dies, however the backend dies.
 *
 * <p>Its life: {@code STARTING} until its {@code /readyz} answers, then {@code READY}; {@code DRAINING}
 * once asked to stop or seen draining; {@code DEAD} the moment the process exits (noticed through
 * {@link Process#onExit()}, not by polling).
 */
final class SessionProcess {
    private static final System.Logger LOG = System.getLogger(SessionProcess.class.getName());
    /** How often a starting server's {@code /readyz} is asked. */
    static final Duration READY_POLL = Duration.ofMillis(100);

    private final SessionServerAddress address;
    private final Process process;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile ServerView.State state = ServerView.State.STARTING;
    private volatile ServerStatus status;
    private volatile Instant deadSince;
    private volatile Instant emptySince = Instant.now();
    private volatile Instant lastAnswer = Instant.now();
    /** Rooms open there: the last status, plus rooms admitted since (statuses lag behind placements). */
    private final java.util.concurrent.atomic.AtomicInteger rooms = new java.util.concurrent.atomic.AtomicInteger();

    private SessionProcess(SessionServerAddress address, Process process) {
        this.address = address;
        this.process = process;
    }

    /**
     * Starts a session server. {@code onExit} runs (on a JDK thread) as soon as the process ends;
     * readiness is awaited in the background with {@link #awaitReady}.
     */
    static SessionProcess start(LocalSchedulerConfig config, SessionServerClient api,
                                Consumer<SessionProcess> onExit) throws IOException {
        int port = FreePorts.pair(config.sessionPorts());
        int internalPort = SessionPorts.internalPortOf(port);
        String host = config.hostname() + ":" + port;
        ProcessBuilder builder = new ProcessBuilder(config.sessionCommand()).redirectErrorStream(true);
        builder.environment().putAll(config.childEnvironment());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("INTERNAL_PORT", Integer.toString(internalPort));
        builder.environment().put("PUBLIC_HOST", host);
        builder.environment().put(SharedSettings.PARENT_PID.name(), Long.toString(ProcessHandle.current().pid()));
        Process process = builder.start();
        process.getOutputStream().close();

        SessionProcess child = new SessionProcess(
                new SessionServerAddress(host, false, "127.0.0.1", internalPort), process);
        LOG.log(System.Logger.Level.INFO, "started session server {0} (pid {1}, internal port {2})",
                host, String.valueOf(process.pid()), String.valueOf(internalPort));
        ChildOutput.pipe(process.getInputStream(), "session " + host, System.err);
        process.onExit().thenRun(() -> {
            child.deadSince = Instant.now();
            child.state = ServerView.State.DEAD;
            child.ready.completeExceptionally(new IOException("session server " + host
                    + " exited with status " + process.exitValue() + " before it was ready"));
            LOG.log(System.Logger.Level.INFO, "session server {0} exited with status {1}", host,
                    String.valueOf(process.exitValue()));
            onExit.accept(child);
        });
        Thread.ofVirtual().name("readiness " + host).start(() -> child.pollReadiness(api, config.serverStartTimeout()));
        return child;
    }

    private void pollReadiness(SessionServerClient api, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (process.isAlive()) {
                if (api.ready(address)) {
                    markReady();
                    return;
                }
                if (System.nanoTime() > deadline) {
                    LOG.log(System.Logger.Level.WARNING, "session server {0} not ready after {1} s: stopping it",
                            address, String.valueOf(timeout.toSeconds()));
                    kill();
                    return;
                }
                Thread.sleep(READY_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void markReady() {
        if (state == ServerView.State.STARTING) {
            state = ServerView.State.READY;
            lastAnswer = Instant.now();
        }
        ready.complete(null);
    }

    /** Blocks until the server is ready; false when it died or the wait ran out first. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        try {
            ready.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    CompletableFuture<Void> readiness() {
        return ready;
    }

    /** Remembers that the server is draining (we asked, or it said so); it never takes rooms again. */
    synchronized void markDraining() {
        if (state != ServerView.State.DEAD) {
            state = ServerView.State.DRAINING;
        }
    }

    void updateStatus(ServerStatus latest) {
        status = latest;
        lastAnswer = Instant.now();
        rooms.set(latest.rooms());
        if (latest.rooms() > 0) {
            emptySince = null;
        } else if (emptySince == null) {
            emptySince = Instant.now();
        }
        if (latest.draining()) {
            markDraining();
        }
    }

    /** A room was just admitted here (before any status shows it). */
    void roomAdmitted() {
        rooms.incrementAndGet();
        emptySince = null;
    }

    /** A room that was placed here has been placed on another server (this one died, drains or is full). */
    void roomLeft() {
        rooms.updateAndGet(n -> Math.max(0, n - 1));
    }

    /** The best guess of how many rooms are open there now (for a dead server: rooms not yet placed elsewhere). */
    int rooms() {
        return rooms.get();
    }

    /** The room limit the server reported, or {@code fallback} before its first status. */
    int maxRooms(int fallback) {
        ServerStatus latest = status;
        return latest == null || latest.maxRooms() <= 0 ? fallback : latest.maxRooms();
    }

    /** When the server last answered a status request (or became ready). */
    Instant lastAnswer() {
        return lastAnswer;
    }

    /** Since when the server has hosted no room, or null while it hosts some. */
    Instant emptySince() {
        return emptySince;
    }

    /**
     * Takes a ready server out of rotation before it is stopped, so no room is placed on it meanwhile.
     * False when it was not ready.
     */
    synchronized boolean retire() {
        if (state != ServerView.State.READY) {
            return false;
        }
        state = ServerView.State.DRAINING;
        return true;
    }

    /** Puts a server taken out by {@link #retire()} back (it turned out to host a room after all). */
    synchronized void unretire() {
        if (state == ServerView.State.DRAINING && process.isAlive()) {
            state = ServerView.State.READY;
        }
    }

    /** Ends the process at once (SIGKILL): for a server that never became ready or won't stop. */
    void kill() {
        process.destroyForcibly();
    }

    /** Asks the process to stop (SIGTERM: a graceful drain) and waits up to {@code grace}, then kills it. */
    void stop(Duration grace) throws InterruptedException {
        markDraining();
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    String host() {
        return address.publicHost();
    }

    SessionServerAddress address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    ServerView.State state() {
        return state;
    }

    boolean isReady() {
        return state == ServerView.State.READY;
    }

    boolean isDead() {
        return state == ServerView.State.DEAD;
    }

    /** The latest status the server reported, or null before the first. */
    ServerStatus status() {
        return status;
    }

    Instant deadSince() {
        return deadSince;
    }

    CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    ServerView view(int defaultMaxRooms) {
        ServerStatus latest = status;
        if (latest == null || state == ServerView.State.DEAD) {
            return new ServerView(host(), state, latest == null ? defaultMaxRooms : latest.maxRooms(), List.of());
        }
        return new ServerView(host(), state, latest.maxRooms(), latest.roomList(), latest.traffic());
    }

    @Override
    public String toString() {
        return host() + " (" + state + ")";
    }
}
