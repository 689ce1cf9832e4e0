package scalablechat.session.transport;

import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.java_websocket.framing.CloseFrame;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Java-WebSocket's socket factory, used here as the door of the server: it refuses a new socket when
 * its IP already holds MAX_CONNECTIONS_PER_IP or when MAX_PENDING_HANDSHAKES sockets have not finished
 * their handshake, and it closes sockets that stay in the handshake too long. Java-WebSocket has no
 * handshake timeout and leaves a rejected upgrade open for good, so without this a client that
 * connects and says nothing holds a socket forever.
 * <p>Sockets are accepted on the selector thread; the rest happens on any thread.
 */
final class AcceptGuard implements WebSocketServerFactory {
    /** After Java-WebSocket refuses an upgrade (HTTP 404), time for that answer to go out before the close. */
    private static final long REFUSED_UPGRADE_GRACE_NANOS = 1_000_000_000L;

    /**
     * The longest a closed socket stays half-open so the peer can read our close frame (see
     * CountingChannel.close); it ends as soon as the peer closes its side.
     */
    private static final long LINGER_NANOS = 2_000_000_000L;
    /** What the linger sweep reads (and drops) from each lingering socket per pass, at most. */
    private static final int LINGER_READ_BYTES = 16 * 1024;

    private record Pending(CountingChannel channel, long deadlineNanos) {}

    private final int maxPerIp;
    private final int maxPendingHandshakes;
    private final int maxPendingHandshakesPerIp;
    private final long handshakeTimeoutNanos;
    /** null when WRITE_GATHER_BYTES is 0. */
    private final GatheringWriter gatherer;
    private final TransportMetrics metrics;
    private final WriteObserver observer;
    private final int maxUnsentBytes;
    private final Closer closer;
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    /** Sockets still in the handshake, per address: one address may hold only a small share of them. */
    private final Map<InetAddress, Integer> pendingPerIp = new ConcurrentHashMap<>();
    private final Map<WebSocketImpl, Pending> handshaking = new ConcurrentHashMap<>();
    private final Map<CountingChannel, WebSocketImpl> live = new ConcurrentHashMap<>();
    /**
     * Sockets whose send queue had frames while nothing asked the selector to write them, with the
     * frame at their head then; used only by {@link #sweep()}.
     */
    private final Map<WebSocketImpl, ByteBuffer> unwatchedSends = new ConcurrentHashMap<>();
    /** Half-closed sockets and when they must be closed for good. */
    private final Map<SocketChannel, Long> lingering = new ConcurrentHashMap<>();
    /** Used only by {@link #sweep()}, which runs on the timer thread alone. */
    private final ByteBuffer discard = ByteBuffer.allocate(LINGER_READ_BYTES);
    private volatile boolean stopping;
    /** The selector thread has handled a write-ready key since it last cleared its selected keys; its own. */
    private boolean staleKeys;

    AcceptGuard(TransportSettings settings, TransportMetrics metrics, Closer closer, WriteObserver observer) {
        this.observer = observer;
        this.maxPerIp = settings.maxConnectionsPerIp();
        this.maxPendingHandshakes = settings.maxPendingHandshakes();
        this.maxPendingHandshakesPerIp = settings.maxPendingHandshakesPerIp();
        this.handshakeTimeoutNanos = settings.handshakeTimeout().toNanos();
        this.gatherer = settings.writeGatherBytes() == 0 ? null : new GatheringWriter(settings.writeGatherBytes());
        this.maxUnsentBytes = settings.maxUnsentBytes();
        this.metrics = metrics;
        this.closer = closer;
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
        InetAddress peer = ((InetSocketAddress) socket.getRemoteAddress()).getAddress();
        // The address's own share first: one address must never fill the global cap and lock others out.
        if (!reserve(pendingPerIp, peer, maxPendingHandshakesPerIp)) {
            metrics.pendingHandshakeRefusals.increment();
            throw new IOException("too many handshakes in progress from " + peer.getHostAddress());
        }
        if (handshaking.size() >= maxPendingHandshakes) {
            release(pendingPerIp, peer);
            metrics.pendingHandshakeRefusals.increment();
            throw new IOException("too many handshakes in progress");
        }
        if (!reserve(perIp, peer, maxPerIp)) {
            release(pendingPerIp, peer);
            metrics.perIpRefusals.increment();
            throw new IOException("too many connections from " + peer.getHostAddress());
        }
        WebSocketImpl webSocket = (WebSocketImpl) key.attachment();
        CountingChannel channel = new CountingChannel(socket, key, peer, this, metrics, gatherer, webSocket.outQueue,
                observer);
        webSocket.setAttachment(new ClientSocket(webSocket, channel, maxUnsentBytes, closer, metrics));
        live.put(channel, webSocket);
        handshaking.put(webSocket, new Pending(channel, System.nanoTime() + handshakeTimeoutNanos));
        return channel;
    }

    private static boolean reserve(Map<InetAddress, Integer> counts, InetAddress peer, int max) {
        boolean[] reserved = {false};
        counts.compute(peer, (ip, count) -> {
            int current = count == null ? 0 : count;
            if (current >= max) {
                return count;
            }
            reserved[0] = true;
            return current + 1;
        });
        return reserved[0];
    }

    private static void release(Map<InetAddress, Integer> counts, InetAddress peer) {
        counts.computeIfPresent(peer, (ip, count) -> count <= 1 ? null : count - 1);
    }

    /** The handshake completed: the socket is a WebSocket now and no longer on the clock. */
    void opened(WebSocketImpl webSocket) {
        endHandshake(webSocket);
    }

    /** Takes the socket off the handshake clock and out of its address's pending share; once per socket. */
    private void endHandshake(WebSocketImpl webSocket) {
        Pending pending = handshaking.remove(webSocket);
        if (pending != null) {
            pending.channel().handshakeEnded();
            release(pendingPerIp, pending.channel().peer());
        }
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
            endHandshake(webSocket);
            unwatchedSends.remove(webSocket);
        }
        release(perIp, channel.peer());
    }

    /**
     * Sends our FIN now and keeps the socket's reading side open until the peer closes too, or
     * {@link #LINGER_NANOS} passed; {@link #sweep()} watches it. Java-WebSocket has cancelled the
     * socket's selection key by now, so nothing else reads it.
     */
    void linger(SocketChannel socket) {
        if (stopping) {
            closeQuietly(socket);
            return;
        }
        try {
            socket.shutdownOutput();
            lingering.put(socket, System.nanoTime() + LINGER_NANOS);
        } catch (IOException e) {
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

    /**
     * Java-WebSocket's selector loop removes a key from the selector's selected-key set only when it accepts or
     * reads on it, never after a write. A key selected once for writing therefore stays in the set, with its
     * write-readiness kept, and every later pass of the loop, for any wake-up, asks that socket again whether it
     * has something to write: thousands of sockets per pass once many have been written by the selector (each
     * one's handshake response is). So the selector thread records that it handled writes, and after its next pass
     * with a read, clears the set, as the selector idiom does after every pass: a key still ready is selected
     * again by the next select. Selector thread only.
     */
    void selectorLookedAtWrites() {
        staleKeys = true;
    }

    boolean hasStaleKeys() {
        return staleKeys;
    }

    /** After the selector's pass over its keys (Java-WebSocket's doAdditionalRead): clears what it left selected. */
    void clearStaleKeys(SelectionKey key) {
        if (staleKeys) {
            staleKeys = false;
            try {
                key.selector().selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                // The server is stopping: no pass of the loop follows.
            }
        }
    }

    /** Closes sockets whose handshake or linger ran out of time, and lingering ones whose peer closed. Run often. */
    void sweep() {
        long now = System.nanoTime();
        closeExpiredHandshakes(now);
        endLingering(now);
        resumeStrandedWrites();
    }

    /**
     * Java-WebSocket can leave a frame unwritten until the next one for that socket: a room thread
     * queues it and asks for OP_WRITE just after the selector found the queue empty and before the
     * selector sets the key back to OP_READ, which overwrites the request. In a quiet room the next
     * frame may be minutes away. A socket seen so twice in a row with the same head frame is stuck,
     * not merely between the queueing and the request; this asks for the write again. The rest of a
     * direct write (CountingChannel.writeOrQueue) can be stranded the same way, and is watched alike.
     */
    private void resumeStrandedWrites() {
        live.forEach(this::resumeIfStranded); // walks the map without an entry object per socket, ten times a second
    }

    private void resumeIfStranded(CountingChannel channel, WebSocketImpl socket) {
        ByteBuffer head = channel.nextToWrite();
        if (head == null) {
            if (!unwatchedSends.isEmpty()) {
                unwatchedSends.remove(socket);
            }
            return;
        }
        SelectionKey key = socket.getSelectionKey();
        try {
            if (key == null || (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                unwatchedSends.remove(socket);
            } else if (unwatchedSends.put(socket, head) == head) {
                unwatchedSends.remove(socket);
                key.interestOpsOr(SelectionKey.OP_WRITE);
                key.selector().wakeup();
                metrics.strandedWrites.increment();
            }
        } catch (CancelledKeyException e) {
            unwatchedSends.remove(socket); // closed meanwhile: nothing left to write
        }
    }

    private void endLingering(long now) {
        for (Map.Entry<SocketChannel, Long> entry : lingering.entrySet()) {
            SocketChannel socket = entry.getKey();
            if (now - entry.getValue() >= 0 || peerClosed(socket)) {
                lingering.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    /** Reads and drops what the peer sent; true once it closed its side (or the socket broke). */
    private boolean peerClosed(SocketChannel socket) {
        try {
            discard.clear();
            return socket.read(discard) < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private void closeExpiredHandshakes(long now) {
        for (Map.Entry<WebSocketImpl, Pending> entry : handshaking.entrySet()) {
            if (now - entry.getValue().deadlineNanos() >= 0 && handshaking.remove(entry.getKey(), entry.getValue())) {
                release(pendingPerIp, entry.getValue().channel().peer());
                metrics.handshakeTimeouts.increment();
                entry.getKey().closeConnection(CloseFrame.NEVER_CONNECTED, "handshake timeout");
            }
        }
    }

    /** Open client sockets, WebSocket or still in the handshake. */
    int liveSockets() {
        return live.size();
    }

    /** Client sockets not yet fully closed: the live ones and those lingering after their close. */
    int unfinishedSockets() {
        return live.size() + lingering.size();
    }

    int pendingHandshakes() {
        return handshaking.size();
    }

    /** Each open socket, WebSocket or still in the handshake; for gauges read at scrape time. */
    void forEachSocket(Consumer<ClientSocket> action) {
        for (WebSocketImpl socket : live.values()) {
            action.accept(socket.getAttachment());
        }
    }

    /** Closes every client socket at once: the last step of stopping, so nothing outlives the server. */
    void closeAll() {
        stopping = true;
        for (WebSocketImpl socket : Set.copyOf(live.values())) {
            socket.closeConnection(CloseFrame.GOING_AWAY, "server stopped");
        }
        for (SocketChannel socket : Set.copyOf(lingering.keySet())) {
            lingering.remove(socket);
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        // Nothing of its own to release; the sockets are closed by closeAll().
    }
}
