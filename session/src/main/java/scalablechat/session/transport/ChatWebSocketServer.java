package scalablechat.session.transport;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.IProtocol;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Java-WebSocket server, kept thin: it hands every event to the {@link SocketListener} at once,
 * because its selector thread does all socket I/O and its few decoder threads serve every connection.
 * Configured against the library's unsafe defaults: a maximum frame size (a huge announced frame would
 * otherwise be allocated up front), no permessage-deflate (it corrupts broadcasts in 1.6.0),
 * TCP_NODELAY, address reuse, a large listen backlog and a ping timeout.
 */
final class ChatWebSocketServer extends WebSocketServer {
    private static final System.Logger LOG = System.getLogger(ChatWebSocketServer.class.getName());
    /** Listen backlog: room for a reconnect storm (the JDK's default is 50). */
    static final int LISTEN_BACKLOG = 4096;
    private static final int DECODERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final AcceptGuard guard;
    private final SocketListener listener;
    /**
     * Java-WebSocket logs every bad client frame at ERROR with a stack trace, so one client could flood the
     * log; it is silenced here and {@link #onError} logs one line instead. Held so the setting is not collected.
     */
    private static final java.util.logging.Logger LIBRARY_LOG = quietLibraryLog();

    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Consumer<Throwable> fatal;

    ChatWebSocketServer(TransportSettings settings, AcceptGuard guard, SocketListener listener, Consumer<Throwable> fatal) {
        super(new InetSocketAddress(settings.port()), DECODERS, List.of(draft(settings)));
        this.guard = guard;
        this.listener = listener;
        this.fatal = fatal;
        setTcpNoDelay(true);
        setReuseAddr(true);
        setMaxPendingConnections(LISTEN_BACKLOG);
        setConnectionLostTimeout(settings.pingIntervalSeconds());
        setDaemon(true);
        setWebSocketFactory(guard);
    }

    /** The server picks the first of its protocols that the client offered; "" matches any client. */
    private static Draft draft(TransportSettings settings) {
        List<IProtocol> protocols = settings.subprotocols().stream().<IProtocol>map(Protocol::new).toList();
        return new GuardedDraft(List.of(), protocols, settings.maxFrameBytes());
    }

    /** Completes when the port accepts, or fails with the reason it could not bind. */
    CompletableFuture<Void> started() {
        return started;
    }

    /**
     * Every well-formed upgrade is accepted, and the listener closes refused ones: browsers can read a close
     * code, but not the status of a failed upgrade. Runs on the decoder thread that read the upgrade.
     */
    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        guard.opened((WebSocketImpl) socket);
        String host = handshake.getFieldValue("Host");
        IProtocol protocol = socket.getProtocol();
        listener.opened(stateOf(socket), handshake.getResourceDescriptor(), host.isEmpty() ? null : host,
                protocol == null ? "" : protocol.getProvidedProtocol());
    }

    @Override
    public void onMessage(WebSocket socket, String message) {
        listener.text(stateOf(socket), message);
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer message) {
        listener.binary(stateOf(socket));
    }

    @Override
    public void onWebsocketPing(WebSocket socket, Framedata ping) {
        stateOf(socket).answerPing(ping);
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason, boolean remote) {
        if (socket.getReadyState() == ReadyState.NOT_YET_CONNECTED) {
            guard.upgradeRefused((WebSocketImpl) socket);
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        listener.closed(stateOf(socket));
    }

    /**
     * Java-WebSocket calls this for a bad frame (the connection is closed), and also just before it shuts the
     * whole server down after a fatal error: an exception on its selector thread (no socket), or a JVM error
     * such as OutOfMemoryError on a decoder thread. After that nothing is served, so the process must fail.
     */
    @Override
    public void onError(WebSocket socket, Exception e) {
        if (socket == null && !started.isDone()) {
            started.completeExceptionally(e);
        } else if (isFatal(socket, e)) {
            fatal.accept(e.getCause() instanceof Error error ? error : e);
        } else if (e instanceof InvalidDataException) {
            LOG.log(System.Logger.Level.INFO, "closed a client connection for a bad frame: " + e.getMessage());
        } else {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket error", e);
        }
    }

    /**
     * A wrapped RuntimeException comes only from a decoder thread's last-resort catch, after which that
     * thread has ended and its connections are never read again, so it is as fatal as a JVM error.
     */
    private static boolean isFatal(WebSocket socket, Exception e) {
        Throwable cause = e.getCause();
        return (socket == null && !(e instanceof InterruptedException))
                || cause instanceof VirtualMachineError || cause instanceof LinkageError
                || (e.getClass() == Exception.class && cause instanceof RuntimeException);
    }

    private static java.util.logging.Logger quietLibraryLog() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.java_websocket");
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }

    @Override
    public void onStart() {
        started.complete(null);
    }

    /** Set by the guard when the socket was accepted, before it was first read, so never null here. */
    private static ClientSocket stateOf(WebSocket socket) {
        return socket.getAttachment();
    }
}
