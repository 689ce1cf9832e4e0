package scalablechat.session.transport;

import scalablechat.common.metrics.MetricRegistry;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The session server's WebSocket port: the one way into this package. It accepts client sockets within the
 * connection limits, tells a {@link SocketListener} what they do, and gives each a {@link ClientSocket} to send
 * to and close. What it relies on inside Java-WebSocket, and the tests that guard each reliance, are listed in
 * this package's README.md.
 */
public final class WebSocketTransport {
    /** How long {@link #start()} waits for the port to accept. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** How long {@link #stop()} waits for Java-WebSocket's selector thread to finish. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /** After a server-side close frame, how long a peer has to finish reading before a hard close. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** How often sockets stuck in the handshake, lingering after their close, or with a stranded write are looked at. */
    private static final Duration SOCKET_SWEEP = Duration.ofMillis(100);

    private final TransportSettings settings;
    private final ScheduledExecutorService timer;
    private final AcceptGuard guard;
    private final ChatWebSocketServer server;

    /**
     * @param registry where the transport's counters go
     * @param observer told when followed chat messages are written (delivery timing), or {@link WriteObserver#NONE}
     * @param timer    runs the socket sweep and the close grace; shut down by the caller after {@link #stop()}
     * @param fatal    told once if Java-WebSocket dies of a fatal error and serves no one any more
     */
    public WebSocketTransport(TransportSettings settings, SocketListener listener, MetricRegistry registry,
                              WriteObserver observer, ScheduledExecutorService timer, Consumer<Throwable> fatal) {
        this.settings = settings;
        this.timer = timer;
        TransportMetrics metrics = new TransportMetrics(registry);
        this.guard = new AcceptGuard(settings, metrics, new Closer(timer, CLOSE_GRACE), observer);
        this.server = new ChatWebSocketServer(settings, guard, listener, fatal);
    }

    /** Refuses to run on a Java-WebSocket release other than the one this package was checked against. */
    public static void checkLibrary() throws IOException {
        TransportLibrary.check();
    }

    /** Opens the port and returns once it accepts connections. */
    public void start() throws IOException {
        server.start();
        try {
            server.started().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("WebSocket port " + settings.port() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("WebSocket port " + settings.port() + " did not start within "
                    + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
        timer.scheduleWithFixedDelay(guard::sweep, SOCKET_SWEEP.toMillis(), SOCKET_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The port (the real one when configured as 0). */
    public int port() {
        return server.getPort();
    }

    /** Open client sockets, WebSocket or still in the handshake. */
    public int liveSockets() {
        return guard.liveSockets();
    }

    /** Client sockets not yet fully closed: the live ones and those lingering after their close. */
    public int unfinishedSockets() {
        return guard.unfinishedSockets();
    }

    public int pendingHandshakes() {
        return guard.pendingHandshakes();
    }

    /** Each open socket; for gauges read at scrape time. */
    public void forEachSocket(Consumer<ClientSocket> action) {
        guard.forEachSocket(action);
    }

    /** Stops accepting and reading, then closes every client socket at once. */
    public void stop() {
        try {
            server.stop((int) STOP_TIMEOUT.toMillis(), "server stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        guard.closeAll();
    }
}
