package scalablechat.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated user's WebSocket to a session server. The receive-side state below (seen messages, counters) is
 * only written by the connection's I/O thread; other threads only read it. Sends come from the one sender thread
 * of the connection's room.
 */
final class ChatConnection implements WsConnection.Listener {
    /** Bytes a connection may have waiting for its socket before its sender waits (the server is not reading). */
    static final long MAX_QUEUED_SEND_BYTES = 256 * 1024;

    private final String userId;
    private final Protocol protocol;
    private final Tally tally;
    /** Whether deliveries here count towards the run's expected total (churners come and go, so they don't). */
    private final boolean counted;

    private final BitSet seen = new BitSet();
    private volatile long bytesReceived;
    private volatile long lastFrameNanos;
    private volatile long lastDeliveryNanos;

    private final CompletableFuture<ChatConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile WsConnection socket;
    private volatile long sendWaitNanos = TimeUnit.SECONDS.toNanos(30);

    ChatConnection(String userId, Protocol protocol, Tally tally, boolean counted) {
        this.userId = userId;
        this.protocol = protocol;
        this.tally = tally;
        this.counted = counted;
    }

    /**
     * Connects, upgrades, and waits for the server's first frame (welcome or snapshot). Throws
     * {@link LoadException} when the upgrade is refused, the server closes first, or {@code timeout} passes.
     */
    void open(WsClient client, URI uri, Duration timeout) {
        sendWaitNanos = timeout.toNanos();
        socket = client.connect(uri, protocol.subprotocol(), this, timeout);
        try {
            ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort();
            throw new LoadException("no first frame within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LoadException load ? load : new LoadException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new LoadException("interrupted");
        }
    }

    String userId() {
        return userId;
    }

    /** Sends one chat message; a failed send (closed, or the server stopped reading) counts as an error. */
    void send(String text, String cid) {
        WsConnection ws = socket;
        if (ws == null || closing
                || !ws.send(WsFrames.text(protocol.sendFrame(text, cid)), MAX_QUEUED_SEND_BYTES, sendWaitNanos)) {
            tally.sendError();
        }
    }

    /** Starts a clean close (1000); {@link #closed()} completes when the server has answered or dropped us. */
    void close() {
        closing = true;
        WsConnection ws = socket;
        if (ws == null) {
            closed.complete(null);
        } else {
            ws.close(1000, "done");
        }
    }

    void abort() {
        closing = true;
        WsConnection ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(null);
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /** The server's first frame (welcome or snapshot) has arrived. */
    boolean isReady() {
        return ready.isDone() && !ready.isCompletedExceptionally();
    }

    boolean isOpen() {
        return !closed.isDone();
    }

    /** Payload bytes of every message received. */
    long bytesReceived() {
        return bytesReceived;
    }

    long lastFrameNanos() {
        return lastFrameNanos;
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    // Called by the FrameReader on this connection's I/O thread.

    void welcomed() {
        ready.complete(this);
    }

    boolean hasSeen(long seq) {
        return seen.get((int) seq);
    }

    void delivered(Marker marker) {
        long now = Marker.now();
        int seq = (int) marker.seq();
        if (seen.get(seq)) {
            tally.duplicate();
            return;
        }
        seen.set(seq);
        if (counted) {
            tally.delivered(marker.phase(), now - marker.sentNanos());
            lastDeliveryNanos = now;
        }
    }

    void serverError(String code) {
        tally.serverError(code);
    }

    void badFrame() {
        tally.badFrame();
    }

    // WsConnection.Listener, on the I/O thread

    @Override
    public void onText(byte[] data, int offset, int length) {
        bytesReceived += length;
        lastFrameNanos = Marker.now();
        try {
            protocol.reader().read(data, offset, length, this);
        } catch (RuntimeException e) {
            tally.badFrame();
        }
    }

    @Override
    public void onBinary(int length) {
        bytesReceived += length;
        tally.badFrame();
    }

    @Override
    public void onClose(int code, String reason, boolean closedByUs) {
        if (!closing && !closedByUs) {
            tally.unexpectedClose("close " + code + (reason.isEmpty() ? "" : " " + reason));
        }
        ready.completeExceptionally(new LoadException(userId + " was closed with " + code
                + (reason.isEmpty() ? "" : " \"" + reason + "\"") + " before the server's first frame"));
        closed.complete(null);
    }
}
