package scalablechat.session;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One authenticated WebSocket connection: who it is, which room and protocol, and the way to send
 * to it within its byte budget. Sends and closes may come from any thread.
 */
final class Connection {
    /** {@link #since()} when the client did not ask to resume. */
    static final long NO_SINCE = -1;

    private final WebSocketImpl socket;
    private final String userId;
    private final Room room;
    private final WireProtocol protocol;
    private final long since;
    private final OutboundQueue outbound;
    private final Closer closer;
    private final SessionMetrics metrics;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** When a typing hint of this connection last went to the room; only its decoder thread touches it. */
    private long lastTypingNanos = Long.MIN_VALUE / 2;
    /** History requests' own allowance, made at the first one (most connections never page back); decoder thread only. */
    private RateLimiter historyAllowance;
    /** A history request is being answered: the next waits for it (set on the decoder thread, cleared by the answer). */
    private final AtomicBoolean historyPending = new AtomicBoolean();

    Connection(WebSocketImpl socket, String userId, Room room, WireProtocol protocol, long since,
               OutboundQueue outbound, Closer closer, SessionMetrics metrics) {
        this.socket = socket;
        this.userId = userId;
        this.room = room;
        this.protocol = protocol;
        this.since = since;
        this.outbound = outbound;
        this.closer = closer;
        this.metrics = metrics;
    }

    String userId() {
        return userId;
    }

    Room room() {
        return room;
    }

    WireProtocol protocol() {
        return protocol;
    }

    long since() {
        return since;
    }

    long unsentBytes() {
        return outbound.unsentBytes();
    }

    /** Queues a frame; false when it was not queued (closed, or closed now as a slow consumer). */
    boolean send(OutboundFrame frame) {
        return send(frame, true);
    }

    /** As {@link #send(OutboundFrame)}; {@code writeNow} false always leaves the write to the selector thread. */
    boolean send(OutboundFrame frame, boolean writeNow) {
        return send(frame.frame(), frame.wireBytes(), writeNow);
    }

    /** Has {@code sample} told once the frame just sent here is written to the socket. */
    void whenWritten(DeliverySample sample) {
        sample.expect();
        outbound.whenWritten(sample);
    }

    /** True, and the turn taken, when the last typing hint passed on is at least {@code intervalNanos} old. */
    boolean takeTypingTurn(long now, long intervalNanos) {
        if (now - lastTypingNanos < intervalNanos) {
            return false;
        }
        lastTypingNanos = now;
        return true;
    }

    /** Takes from this connection's history allowance ({@code ratePerSecond}, bursts of {@code burst}). */
    RateLimiter.Verdict takeHistoryTurn(long now, int ratePerSecond, int burst, int strikes) {
        if (historyAllowance == null) {
            historyAllowance = new RateLimiter(ratePerSecond, burst, strikes, now);
        }
        return historyAllowance.tryAcquire(now);
    }

    /** True when no other history request of this connection is being answered; it then is this one. */
    boolean startHistoryRequest() {
        return historyPending.compareAndSet(false, true);
    }

    /** Sends the answer to the history request being answered, which lets the next one in. */
    void answerHistory(String json) {
        historyPending.set(false);
        sendText(json);
    }

    boolean sendText(String json) {
        return send(OutboundFrame.text(json));
    }

    /** Answers a ping through the byte budget, so a peer that pings but never reads is still bounded. */
    void answerPing(Framedata ping) {
        PongFrame pong = new PongFrame((PingFrame) ping);
        send(pong, OutboundFrame.wireSize(pong.getPayloadData().remaining()), false);
    }

    private boolean send(Framedata frame, int wireBytes, boolean writeNow) {
        if (closing.get()) {
            return false;
        }
        return switch (outbound.offer(frame, wireBytes, writeNow)) {
            case QUEUED -> {
                metrics.framesQueued.increment();
                yield true;
            }
            case OVER_CAP -> {
                if (close(CloseCodes.POLICY, CloseCodes.SLOW_CONSUMER)) {
                    metrics.slowConsumerDisconnects.increment();
                }
                yield false;
            }
            case CLOSED -> false;
        };
    }

    /**
     * Starts closing; true only for the call that did. The room learns of it through onClose like
     * any other close, and ignores the connection's frames meanwhile.
     */
    boolean close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        closer.close(socket, code, reason);
        return true;
    }

    boolean isClosing() {
        return closing.get() || !socket.isOpen();
    }
}
