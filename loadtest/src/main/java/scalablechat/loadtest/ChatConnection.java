package scalablechat.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One user's WebSocket to a session server, on the JDK's own client (no threads of its own per connection).
 * The JDK calls a listener's methods one at a time per WebSocket, so the receive-side fields below are only
 * written by whichever client thread is delivering this connection's frames; other threads only read them.
 * Sends come from the one sender thread of the connection's room.
 */
final class ChatConnection implements WebSocket.Listener {
    private final String userId;
    private final Protocol protocol;
    private final Tally tally;
    /** Whether deliveries here count towards the run's expected total (churners come and go, so they don't). */
    private final boolean counted;

    private final BitSet seen = new BitSet();
    private StringBuilder partial;
    private volatile long charsReceived;
    private volatile long lastFrameNanos;
    private volatile long lastDeliveryNanos;

    private final CompletableFuture<ChatConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile WebSocket socket;
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);

    ChatConnection(String userId, Protocol protocol, Tally tally, boolean counted) {
        this.userId = userId;
        this.protocol = protocol;
        this.tally = tally;
        this.counted = counted;
    }

    /**
     * Opens the WebSocket; the answer completes once the server's first frame (welcome or snapshot) arrived,
     * and fails when the upgrade is refused or the server closes first.
     */
    CompletableFuture<ChatConnection> open(HttpClient http, URI uri, Duration timeout) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
        if (protocol.subprotocol() != null) {
            builder.subprotocols(protocol.subprotocol());
        }
        builder.buildAsync(uri, this).whenComplete((ws, error) -> {
            if (error != null) {
                ready.completeExceptionally(error);
                closed.complete(null);
            }
        });
        return ready.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    String userId() {
        return userId;
    }

    boolean counted() {
        return counted;
    }

    /** Sends one chat message; waits only for this connection's previous send (the JDK allows one at a time). */
    synchronized void send(String text, String cid) {
        WebSocket ws = socket;
        if (ws == null || closing) {
            tally.sendError();
            return;
        }
        lastSend.exceptionally(error -> null).join();
        lastSend = ws.sendText(protocol.sendFrame(text, cid), true).whenComplete((w, error) -> {
            if (error != null) {
                tally.sendError();
            }
        });
    }

    /** Starts a clean close (1000); {@link #closed()} completes when the server has answered or dropped us. */
    void close() {
        closing = true;
        WebSocket ws = socket;
        if (ws == null) {
            closed.complete(null);
            return;
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").whenComplete((w, error) -> {
            if (error != null) {
                abort();
            }
        });
    }

    void abort() {
        closing = true;
        WebSocket ws = socket;
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

    long charsReceived() {
        return charsReceived;
    }

    long lastFrameNanos() {
        return lastFrameNanos;
    }

    long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    // Called by the FrameReader on this connection's receive thread.

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

    // WebSocket.Listener

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        // Read as fast as frames come: the tool must never be the reader that falls behind.
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        charsReceived += data.length();
        if (!last) {
            if (partial == null) {
                partial = new StringBuilder(Math.max(1024, data.length() * 2));
            }
            partial.append(data);
            return null;
        }
        CharSequence frame = data;
        if (partial != null) {
            frame = partial.append(data);
            partial = null;
        }
        lastFrameNanos = Marker.now();
        try {
            protocol.reader().read(frame, this);
        } catch (RuntimeException e) {
            tally.badFrame();
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        charsReceived += data.remaining();
        if (last) {
            tally.badFrame();
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        return null; // the JDK answers pings itself; demand is already unbounded
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        if (!closing) {
            tally.unexpectedClose("close " + statusCode + (reason.isEmpty() ? "" : " " + reason));
        }
        ready.completeExceptionally(new LoadException(
                userId + " was closed with " + statusCode + (reason.isEmpty() ? "" : " \"" + reason + "\"")
                        + " before the server's first frame"));
        closed.complete(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        if (!closing) {
            tally.unexpectedClose("error " + error.getClass().getSimpleName());
        }
        ready.completeExceptionally(error);
        closed.complete(null);
    }
}
