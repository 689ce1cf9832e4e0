package scalablechat.session;

import scalablechat.session.transport.ClientSocket;
import scalablechat.session.transport.OutboundFrame;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One authenticated member of a room: who it is, which room and protocol, and its client socket to send
 * to (within the socket's byte budget) and close. Sends and closes may come from any thread.
 */
final class Connection {
    /** {@link #since()} when the client did not ask to resume. */
    static final long NO_SINCE = -1;

    private final ClientSocket socket;
    private final String userId;
    private final Room room;
    private final WireProtocol protocol;
    private final long since;
    /** When a typing hint of this connection last went to the room; only its decoder thread touches it. */
    private long lastTypingNanos = Long.MIN_VALUE / 2;
    /** History requests' own allowance, made at the first one (most connections never page back); decoder thread only. */
    private RateLimiter historyAllowance;
    /** A history request is being answered: the next waits for it (set on the decoder thread, cleared by the answer). */
    private final AtomicBoolean historyPending = new AtomicBoolean();

    Connection(ClientSocket socket, String userId, Room room, WireProtocol protocol, long since) {
        this.socket = socket;
        this.userId = userId;
        this.room = room;
        this.protocol = protocol;
        this.since = since;
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
        return socket.unsentBytes();
    }

    /** Queues a frame; false when it was not queued (closed, or closed now as a slow consumer). */
    boolean send(OutboundFrame frame) {
        return socket.send(frame, true);
    }

    /** As {@link #send(OutboundFrame)}; {@code writeNow} false always leaves the write to the selector thread. */
    boolean send(OutboundFrame frame, boolean writeNow) {
        return socket.send(frame, writeNow);
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

    /**
     * Starts closing; true only for the call that did. The room learns of it through onClose like
     * any other close, and ignores the connection's frames meanwhile.
     */
    boolean close(int code, String reason) {
        return socket.close(code, reason);
    }

    boolean isClosing() {
        return socket.isClosing();
    }
}
