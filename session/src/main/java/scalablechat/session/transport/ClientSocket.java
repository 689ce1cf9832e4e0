package scalablechat.session.transport;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.framing.PongFrame;
import scalablechat.session.protocol.OutboundFrame;
import scalablechat.session.protocol.Peer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One client socket, from accept to close: what the server above the transport holds to send frames to a
 * client and to close it. Sends and closes may come from any thread. Every frame goes through the socket's
 * byte budget ({@code MAX_UNSENT_BYTES}); a client that stops reading is closed as a slow consumer.
 * <p>It also carries its owner: whatever the server attached once the socket joined something (for the
 * session server, its room connection). Fields are updated through VarHandles rather than atomic objects,
 * because there is one of these per connection.
 */
public final class ClientSocket implements Peer {
    /** Close code and reason for a socket over its byte budget (docs/PROTOCOL.md's close code table). */
    public static final int SLOW_CONSUMER_CODE = 1008;
    public static final String SLOW_CONSUMER = "slow consumer";

    private static final Object CLOSED = new Object();
    private static final VarHandle OWNER;
    private static final VarHandle CLOSING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(ClientSocket.class, "owner", Object.class);
            CLOSING = lookup.findVarHandle(ClientSocket.class, "closing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WebSocketImpl webSocket;
    private final CountingChannel channel;
    private final OutboundQueue outbound;
    private final Closer closer;
    private final TransportMetrics metrics;
    /** null until attached, then the owner, or CLOSED once the socket closed. */
    @SuppressWarnings("unused") // through OWNER
    private volatile Object owner;
    /** Set by the first close; frames offered after it are dropped. */
    @SuppressWarnings("unused") // through CLOSING
    private volatile boolean closing;

    ClientSocket(WebSocketImpl webSocket, CountingChannel channel, int maxUnsentBytes, Closer closer,
                 TransportMetrics metrics) {
        this.webSocket = webSocket;
        this.channel = channel;
        this.outbound = new OutboundQueue(webSocket, channel, maxUnsentBytes);
        this.closer = closer;
        this.metrics = metrics;
    }

    /**
     * Queues a frame, or with {@code writeNow} writes it straight to the socket when nothing waits before it
     * (else the selector thread writes it). False when it was not queued: the socket is closing, or it was over
     * its byte budget and is closed now as a slow consumer.
     */
    @Override
    public boolean send(OutboundFrame frame, boolean writeNow) {
        if (closing) {
            return false;
        }
        boolean queued = settle(outbound.offer(frame, writeNow));
        if (queued && frame.receivedNanos() != OutboundFrame.NOT_TIMED) {
            outbound.follow(frame.receivedNanos());
        }
        return queued;
    }

    /** As {@link #send(OutboundFrame, boolean)}, leaving the write to the selector thread. */
    public boolean send(OutboundFrame frame) {
        return send(frame, false);
    }

    /** Bytes queued here and not yet written. */
    public long unsentBytes() {
        return outbound.unsentBytes();
    }

    /**
     * Starts closing with a close frame ({@code reason} is cut to fit one); true only for the call that did.
     * The socket is reset if the peer has not read it within the close grace. The listener hears of the close
     * through {@link SocketListener#closed} as of any other.
     */
    @Override
    public boolean close(int code, String reason) {
        if (!CLOSING.compareAndSet(this, false, true)) {
            return false;
        }
        closer.close(this, code, reason);
        return true;
    }

    /** True once a close has started, from either side. */
    @Override
    public boolean isClosing() {
        return closing || !webSocket.isOpen();
    }

    /** Attaches the socket's owner; false when the socket closed first (then it will never report a close). */
    public boolean attach(Object newOwner) {
        return OWNER.compareAndSet(this, null, newOwner);
    }

    /** The owner attached, or null before it was and after the socket closed. */
    public Object owner() {
        Object current = owner;
        return current == CLOSED ? null : current;
    }

    /** Marks the socket closed and returns its owner, if any, once: the caller lets the owner go. */
    public Object detach() {
        Object previous = OWNER.getAndSet(this, CLOSED);
        return previous == CLOSED ? null : previous;
    }

    /** Answers a ping through the byte budget, so a peer that pings but never reads is still bounded. */
    void answerPing(Framedata ping) {
        PongFrame pong = new PongFrame((PingFrame) ping);
        if (!closing) {
            settle(outbound.offer(pong, OutboundFrame.wireSize(pong.getPayloadData().remaining())));
        }
    }

    WebSocketImpl webSocket() {
        return webSocket;
    }

    CountingChannel channel() {
        return channel;
    }

    /** True when the frame was queued; a socket over its byte budget is closed as a slow consumer. */
    private boolean settle(OutboundQueue.Result result) {
        return switch (result) {
            case QUEUED -> {
                metrics.framesQueued.increment();
                yield true;
            }
            case OVER_CAP -> {
                if (close(SLOW_CONSUMER_CODE, SLOW_CONSUMER)) {
                    metrics.slowConsumerDisconnects.increment();
                }
                yield false;
            }
            case CLOSED -> false;
        };
    }
}
