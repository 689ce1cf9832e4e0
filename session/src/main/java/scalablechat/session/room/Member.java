package scalablechat.session.room;

import scalablechat.session.protocol.OutboundFrame;
import scalablechat.session.protocol.Peer;
import scalablechat.session.protocol.WireProtocol;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection in a room, as the room sees it: who it is, which protocol it speaks, and its {@link Peer} to send
 * frames to (within the socket's byte budget) and close. The room knows nothing of sockets beyond that.
 * Sends and closes may come from any thread.
 */
public final class Member {
    /** {@link #since()} when the client did not ask to resume. */
    public static final long NO_SINCE = -1;

    private final Peer socket;
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

    public Member(Peer socket, String userId, Room room, WireProtocol protocol, long since) {
        this.socket = socket;
        this.userId = userId;
        this.room = room;
        this.protocol = protocol;
        this.since = since;
    }

    public String userId() {
        return userId;
    }

    public Room room() {
        return room;
    }

    public WireProtocol protocol() {
        return protocol;
    }

    long since() {
        return since;
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
    public boolean takeTypingTurn(long now, long intervalNanos) {
        if (now - lastTypingNanos < intervalNanos) {
            return false;
        }
        lastTypingNanos = now;
        return true;
    }

    /** Takes from this connection's history allowance ({@code ratePerSecond}, bursts of {@code burst}). */
    public RateLimiter.Verdict takeHistoryTurn(long now, int ratePerSecond, int burst, int strikes) {
        if (historyAllowance == null) {
            historyAllowance = new RateLimiter(ratePerSecond, burst, strikes, now);
        }
        return historyAllowance.tryAcquire(now);
    }

    /** True when no other history request of this connection is being answered; it then is this one. */
    public boolean startHistoryRequest() {
        return historyPending.compareAndSet(false, true);
    }

    /** Sends the answer to the history request being answered, which lets the next one in. */
    void answerHistory(String json) {
        historyPending.set(false);
        sendText(json);
    }

    public boolean sendText(String json) {
        return send(OutboundFrame.text(json));
    }

    /**
     * Starts closing; true only for the call that did. The room learns of it through onClose like
     * any other close, and ignores the connection's frames meanwhile.
     */
    public boolean close(int code, String reason) {
        return socket.close(code, reason);
    }

    public boolean isClosing() {
        return socket.isClosing();
    }
}
