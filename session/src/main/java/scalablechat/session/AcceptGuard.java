package scalablechat.session;

import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Java-WebSocket's socket factory, used here as the door of the server: it refuses a new socket when
 * its IP already holds MAX_CONNECTIONS_PER_IP or when MAX_PENDING_HANDSHAKES sockets have not finished
 * their handshake, and it closes sockets that stay in the handshake too long. Java-WebSocket has no
 * handshake timeout and leaves a rejected upgrade open for good, so without this a client that
 * connects and says nothing holds a socket forever.
 * <p>Sockets are accepted on the selector thread; the rest happens on any thread.
 */
final class AcceptGuard implements WebSocketServerFactory {
    /** After Java-WebSocket refuses an upgrade (HTTP 404), time for that answer to go out before the hard close. */
    private static final long REFUSED_UPGRADE_GRACE_NANOS = 1_000_000_000L;

    /** How long a closed socket stays half-open so the peer can read our close frame (see CountingChannel.close). */
    private static final long LINGER_MILLIS = 2000;

    private record Pending(CountingChannel channel, long deadlineNanos) {}

    private final int maxPerIp;
    private final int maxPendingHandshakes;
    private final long handshakeTimeoutNanos;
    private final SessionMetrics metrics;
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    private final Map<WebSocketImpl, Pending> handshaking = new ConcurrentHashMap<>();
    private final Map<CountingChannel, WebSocketImpl> live = new ConcurrentHashMap<>();
    private final Set<SocketChannel> lingering = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private volatile boolean stopping;

    AcceptGuard(SessionConfig config, SessionMetrics metrics, ScheduledExecutorService timer) {
        this.maxPerIp = config.maxConnectionsPerIp();
        this.maxPendingHandshakes = config.maxPendingHandshakes();
        this.handshakeTimeoutNanos = config.handshakeTimeout().toNanos();
        this.metrics = metrics;
        this.timer = timer;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new WebSocketImpl(adapter, draft);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new WebSocketImpl(adapter, drafts);
    }

    /** Called by the selector for each accepted socket; an IOException makes it close the socket at once. */
    @Override
    public CountingChannel wrapChannel(SocketChannel socket, SelectionKey key) throws IOException {
        if (handshaking.size() >= maxPendingHandshakes) {
            metrics.pendingHandshakeRefusals.increment();
            throw new IOException("too many handshakes in progress");
        }
        InetAddress peer = ((InetSocketAddress) socket.getRemoteAddress()).getAddress();
        if (!reserve(peer)) {
            metrics.perIpRefusals.increment();
            throw new IOException("too many connections from " + peer.getHostAddress());
        }
        CountingChannel channel = new CountingChannel(socket, peer, this);
        WebSocketImpl webSocket = (WebSocketImpl) key.attachment();
        webSocket.setAttachment(new SocketState(channel));
        live.put(channel, webSocket);
        handshaking.put(webSocket, new Pending(channel, System.nanoTime() + handshakeTimeoutNanos));
        return channel;
    }

    private boolean reserve(InetAddress peer) {
        boolean[] reserved = {false};
        perIp.compute(peer, (ip, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerIp) {
                return count;
            }
            reserved[0] = true;
            return current + 1;
        });
        return reserved[0];
    }

    /** The handshake completed: the socket is a WebSocket now and no longer on the clock. */
    void opened(WebSocketImpl webSocket) {
        handshaking.remove(webSocket);
    }

    /** Java-WebSocket refused the upgrade: close soon rather than at the full handshake timeout. */
    void upgradeRefused(WebSocketImpl webSocket) {
        handshaking.computeIfPresent(webSocket, (socket, pending) ->
                new Pending(pending.channel(), Math.min(pending.deadlineNanos(), System.nanoTime() + REFUSED_UPGRADE_GRACE_NANOS)));
    }

    /** Called once per socket, from {@link CountingChannel#close()}. */
    void released(CountingChannel channel) {
        WebSocketImpl webSocket = live.remove(channel);
        if (webSocket != null) {
            handshaking.remove(webSocket);
        }
        perIp.computeIfPresent(channel.peer(), (ip, count) -> count <= 1 ? null : count - 1);
    }

    /** Sends our FIN now, keeps reading side open a moment, then closes for good. */
    void linger(SocketChannel socket) {
        if (stopping) {
            closeQuietly(socket);
            return;
        }
        try {
            socket.shutdownOutput();
            lingering.add(socket);
            timer.schedule(() -> {
                if (lingering.remove(socket)) {
                    closeQuietly(socket);
                }
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        } catch (IOException | RejectedExecutionException e) {
            lingering.remove(socket);
            closeQuietly(socket);
        }
    }

    /** Closes with a reset, dropping whatever the kernel still holds for a peer that does not read. */
    void abort(SocketChannel socket) {
        try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // Already closed or broken: the close below is all that is left.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more can be done for this socket.
        }
    }

    /** Closes sockets whose handshake ran out of time; run every fraction of a second. */
    void closeExpiredHandshakes() {
        long now = System.nanoTime();
        for (Map.Entry<WebSocketImpl, Pending> entry : handshaking.entrySet()) {
            if (now - entry.getValue().deadlineNanos() >= 0 && handshaking.remove(entry.getKey(), entry.getValue())) {
                metrics.handshakeTimeouts.increment();
                entry.getValue().channel().abortOnClose();
                entry.getKey().closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
            }
        }
    }

    /** Open client sockets, WebSocket or still in the handshake. */
    int liveSockets() {
        return live.size();
    }

    int pendingHandshakes() {
        return handshaking.size();
    }

    /** Closes every client socket at once: the last step of stopping, so nothing outlives the server. */
    void closeAll() {
        stopping = true;
        for (WebSocketImpl socket : Set.copyOf(live.values())) {
            socket.closeConnection(CloseFrame.GOING_AWAY, "server stopped");
        }
        for (SocketChannel socket : Set.copyOf(lingering)) {
            lingering.remove(socket);
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        // Nothing of its own to release; the sockets are closed by closeAll().
    }
}
