package scalablechat.session;

import scalablechat.common.Tokens;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session server: hosts rooms on a WebSocket port and answers backends on an internal HTTP port.
 * Embeddable (tests start it on port 0); {@link SessionMain} runs it as a process.
 */
public final class SessionServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionServer.class.getName());
    /** How long start() waits for the WebSocket port to accept. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How long stopping waits for Java-WebSocket's selector thread to finish. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /** After a server-side close frame, how long a peer has to finish reading before a hard close. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** How often sockets stuck in the handshake are looked for. */
    private static final Duration HANDSHAKE_SWEEP = Duration.ofMillis(250);

    private final SessionConfig config;
    private final SessionMetrics metrics = new SessionMetrics();
    private final Tokens tokens;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService roomThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final RoomRegistry registry;
    private final AcceptGuard guard;
    private final ChatWebSocketServer webSocket;
    private final Drain drain;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile InternalHttpServer internal;

    private SessionServer(SessionConfig config) {
        this.config = config;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "session-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        Clock clock = Clock.systemUTC();
        this.registry = new RoomRegistry(config.roomsPerServer(),
                roomId -> new Room(roomId, config, roomThreads, clock, metrics));
        this.guard = new AcceptGuard(config, metrics, timer);
        this.tokens = new Tokens(config.jwtSecret(), clock);
        Closer closer = new Closer(timer, CLOSE_GRACE);
        this.webSocket = new ChatWebSocketServer(config, guard,
                new HandshakeAuthenticator(tokens, config.publicHost()),
                new ConnectionRouter(registry, closer, config, metrics),
                new InboundMessages(config, metrics));
        this.drain = new Drain(registry, guard, config.drainTimeout(), timer, this::close);
    }

    /** Starts both ports and returns once they accept connections. */
    public static SessionServer start(SessionConfig config) throws IOException {
        SessionServer server = new SessionServer(config);
        try {
            server.startPorts();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void startPorts() throws IOException {
        webSocket.start();
        try {
            webSocket.started().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("WebSocket port " + config.port() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("WebSocket port " + config.port() + " did not start within " + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
        try {
            internal = InternalHttpServer.start(config.internalPort(), registry, guard, drain, tokens, metrics, this::host);
        } catch (IOException e) {
            throw new IOException("internal port " + config.internalPort() + ": " + e.getMessage(), e);
        }
        timer.scheduleWithFixedDelay(guard::closeExpiredHandshakes,
                HANDSHAKE_SWEEP.toMillis(), HANDSHAKE_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(System.Logger.Level.INFO, "session server on ws port {0}, internal port {1}",
                String.valueOf(port()), String.valueOf(internalPort()));
    }

    /** The WebSocket port (the real one when configured as 0). */
    public int port() {
        return webSocket.getPort();
    }

    /** The internal HTTP port (the real one when configured as 0). */
    public int internalPort() {
        InternalHttpServer http = internal;
        return http == null ? -1 : http.port();
    }

    /** The host:port that session tokens for this server name. */
    public String host() {
        return config.publicHost() != null ? config.publicHost() : "localhost:" + port();
    }

    public boolean isDraining() {
        return drain.isDraining();
    }

    /**
     * Starts the graceful drain (as SIGTERM does) and returns a future that completes once the server
     * has stopped: clients closed with 1001 after all their messages, or DRAIN_TIMEOUT_SECONDS passed.
     */
    public CompletableFuture<Void> drain() {
        return drain.start();
    }

    /** Completes when the server has stopped, by {@link #close()} or at the end of a drain. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /** Stops both ports now and closes every client socket. Safe to call twice, and from any of our threads. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            InternalHttpServer http = internal;
            if (http != null) {
                http.stop();
            }
            try {
                webSocket.stop((int) STOP_TIMEOUT.toMillis(), "server stopped");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            guard.closeAll();
            timer.shutdownNow();
            roomThreads.shutdownNow();
        } finally {
            stopped.complete(null);
        }
    }
}
