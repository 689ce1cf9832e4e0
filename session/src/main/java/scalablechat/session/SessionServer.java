package scalablechat.session;

import scalablechat.common.Tokens;
import scalablechat.session.ops.Drain;
import scalablechat.session.ops.InternalHttpServer;
import scalablechat.session.ops.SessionGauges;
import scalablechat.session.ops.SessionMetrics;
import scalablechat.session.protocol.WireProtocol;
import scalablechat.session.room.MessageLogs;
import scalablechat.session.room.Room;
import scalablechat.session.room.RoomRegistry;
import scalablechat.session.room.StoredMessageLogs;
import scalablechat.session.store.CommitListener;
import scalablechat.session.store.FsyncPolicy;
import scalablechat.session.transport.TransportSettings;
import scalablechat.session.transport.WebSocketTransport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A session server: hosts rooms on a WebSocket port and answers backends on an internal HTTP port.
 * Embeddable (tests start it on port 0); {@link SessionMain} runs it as a process.
 */
public final class SessionServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionServer.class.getName());
    /** How long stopping waits for the room logs to write what they were given (a stalled disk). */
    private static final Duration LOG_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SessionConfig config;
    private final MessageLogs logs;
    private final SessionMetrics metrics = new SessionMetrics();
    private final Tokens tokens;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService roomThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final RoomRegistry registry;
    private final WebSocketTransport webSocket;
    private final Drain drain;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Completes, with the cause, when the WebSocket side died and this server can no longer serve. */
    private final CompletableFuture<Throwable> broken = new CompletableFuture<>();
    private volatile InternalHttpServer internal;
    private final ConnectionRouter router;
    /** Under Agones: the public address read from the GameServer once the sidecar has it. */
    private volatile String learntHost;
    private volatile AgonesAgent agent;

    private HandshakeAuthenticator.HostCheck hostCheck(SessionConfig config) {
        if (config.publicHost() != null) {
            return HandshakeAuthenticator.HostCheck.fixed(config.publicHost());
        }
        if (config.agonesSdkPort() != 0) {
            return HandshakeAuthenticator.HostCheck.learnt(() -> learntHost); // no client is admitted before it is known
        }
        if (config.trustHostHeader()) {
            LOG.log(System.Logger.Level.WARNING, SessionSettings.TRUST_HOST_HEADER.name() + "=true: a session token for any"
                    + " server is accepted here when the client sends that server's name as its Host header");
            return HandshakeAuthenticator.HostCheck.hostHeader();
        }
        return HandshakeAuthenticator.HostCheck.loopback(this::port);
    }

    /** {@code logs} makes the server's message logs, given where they report their commits. */
    private SessionServer(SessionConfig config, Function<CommitListener, MessageLogs> makeLogs) {
        this.config = config;
        MessageLogs logs = makeLogs.apply(metrics);
        this.logs = logs;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "session-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        Clock clock = Clock.systemUTC();
        this.registry = new RoomRegistry(config.roomsPerServer(), (roomId, registry, previousClosed) ->
                new Room(roomId, config.roomSettings(), logs, registry, previousClosed, roomThreads, timer, clock,
                        metrics.room));
        this.tokens = new Tokens(config.jwtSecret(), clock);
        this.router = new ConnectionRouter(registry, new HandshakeAuthenticator(tokens, hostCheck(config)),
                new InboundMessages(config, metrics), metrics);
        this.webSocket = new WebSocketTransport(transportSettings(config), router, metrics.registry(), metrics, timer,
                this::fail);
        this.drain = new Drain(registry, webSocket, config.drainTimeout(), timer, this::close);
        SessionGauges.register(metrics.registry(), registry, webSocket, drain);
    }

    /** v2 first: the transport picks the first of its subprotocols that the client offered; "" matches any client. */
    private static TransportSettings transportSettings(SessionConfig config) {
        return new TransportSettings(config.port(), List.of(WireProtocol.V2.subprotocol(), ""),
                config.maxFrameBytes(), config.pingIntervalSeconds(), config.maxUnsentBytes(),
                config.maxConnectionsPerIp(), config.maxPendingHandshakes(), config.maxPendingHandshakesPerIp(),
                config.handshakeTimeout(), config.writeGatherBytes());
    }

    /**
     * Starts both ports and returns once they accept connections. Rooms keep their messages in
     * {@code DATA_DIR} (docs/STORAGE.md).
     */
    public static SessionServer start(SessionConfig config) throws IOException {
        return launch(config, listener -> new StoredMessageLogs(config.dataDir(), config.fsync(), config.roomHistorySize(),
                config.maxRoomLogBytes(), listener));
    }

    /** As {@link #start(SessionConfig)}, with each room's messages kept in the log {@code logs} opens for it. */
    static SessionServer start(SessionConfig config, MessageLogs logs) throws IOException {
        return launch(config, listener -> logs);
    }

    private static SessionServer launch(SessionConfig config, Function<CommitListener, MessageLogs> logs)
            throws IOException {
        WebSocketTransport.checkLibrary();
        SessionServer server = new SessionServer(config, logs);
        try {
            server.startPorts();
            if (config.agonesSdkPort() != 0) {
                server.startAgones();
            }
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startPorts() throws IOException {
        webSocket.start();
        try {
            internal = InternalHttpServer.start(new InetSocketAddress(config.internalBind(), config.internalPort()),
                    config.metricsToken(), registry, logs, drain, tokens, metrics, this::host, this::brokenReason);
        } catch (IOException e) {
            throw new IOException("internal port " + config.internalPort() + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "session server on ws port {0}, internal port {1}",
                String.valueOf(port()), String.valueOf(internalPort()));
        if (config.fsync() == FsyncPolicy.NEVER) {
            LOG.log(System.Logger.Level.WARNING, "FSYNC=never: messages are acknowledged before they are synced to disk,"
                    + " so a power loss or kernel crash can lose them; for benchmarks and tests only");
        }
    }

    /** Agones mode: the agent reads the GameServer, says Ready, and keeps the rooms list in step with the rooms. */
    private void startAgones() {
        AgonesAgent started = new AgonesAgent(this, config);
        agent = started;
        router.setGate(started::mayOpen);
        registry.onRoomLeft(started::roomLeft);
    }

    public void learnHost(String host) {
        learntHost = host;
    }

    public void setMaxRooms(int maxRooms) {
        registry.setMaxRooms(maxRooms);
    }

    public int maxRooms() {
        return registry.maxRooms();
    }

    public int openRooms() {
        return registry.size();
    }

    /** The WebSocket port (the real one when configured as 0). */
    public int port() {
        return webSocket.port();
    }

    /** The internal HTTP port (the real one when configured as 0). */
    public int internalPort() {
        InternalHttpServer http = internal;
        return http == null ? -1 : http.port();
    }

    /** The host:port that session tokens for this server name. */
    public String host() {
        if (config.publicHost() != null) {
            return config.publicHost();
        }
        String learnt = learntHost;
        return learnt != null ? learnt : "localhost:" + port();
    }

    /**
     * Completes, with the cause, when the WebSocket server died of a fatal error (Java-WebSocket then stops
     * accepting and serving). From then on readiness and health say so; {@link SessionMain} exits non-zero.
     */
    public CompletableFuture<Throwable> broken() {
        return broken;
    }

    /** Why this server cannot serve, or null while it can. */
    public String brokenReason() {
        Throwable cause = broken.getNow(null);
        return cause == null ? null : "WebSocket server failed: " + cause;
    }

    private void fail(Throwable cause) {
        if (broken.complete(cause)) {
            LOG.log(System.Logger.Level.ERROR, "the WebSocket server died of a fatal error and serves no one;"
                    + " this server reports itself unhealthy and stops", cause);
            registry.startDraining(); // no room is admitted any more
        }
    }

    public boolean isDraining() {
        return drain.isDraining();
    }

    /**
     * Starts the graceful drain (as SIGTERM does) and returns a future that completes once the server
     * has stopped: clients closed with 1001 after all their messages, or DRAIN_TIMEOUT_SECONDS passed.
     */
    public CompletableFuture<Void> drain() {
        AgonesAgent agones = agent;
        if (agones == null) {
            return drain.start();
        }
        agones.markDraining(); // first, so that no new room is allocated here meanwhile
        return drain.start().thenRunAsync(agones::releaseAndShutDown, task -> Thread.ofVirtual().start(task));
    }

    /** Completes when the server has stopped, by {@link #close()} or at the end of a drain. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /**
     * Stops both ports now, closes every client socket, then closes every room's log once the appends
     * already made are durable. Safe to call twice, and from any of our threads except a room's.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            AgonesAgent agones = agent;
            if (agones != null) {
                agones.close();
            }
            registry.startDraining(); // no room opens from now on
            InternalHttpServer http = internal;
            if (http != null) {
                http.stop();
            }
            webSocket.stop();
            closeRoomLogs();
            timer.shutdownNow();
            roomThreads.shutdownNow();
        } finally {
            stopped.complete(null);
        }
    }

    /** Each room closes its log from its own mailbox, behind the appends it already made. */
    private void closeRoomLogs() {
        List<CompletableFuture<Void>> closing = new ArrayList<>(registry.stillClosing());
        for (Room room : registry.all()) {
            closing.add(room.close());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(LOG_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "room logs still writing after " + LOG_CLOSE_TIMEOUT.toSeconds()
                    + " s; stopping anyway (what they had not written is lost, and was never acknowledged)");
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the room logs failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
