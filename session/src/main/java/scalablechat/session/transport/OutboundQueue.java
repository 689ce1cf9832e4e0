package scalablechat.session.transport;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.Framedata;
import scalablechat.session.protocol.OutboundFrame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds what one connection may have waiting to be written. Java-WebSocket's own send queue is
 * unbounded, so this counts every frame we queue and subtracts what the socket has written.
 * A frame is refused once the unsent bytes are over the cap, so one connection holds at most the
 * cap plus one frame. The count leaves out the handshake response and the library's own pings
 * (a few hundred bytes at most), which can only make the estimate lower, never higher.
 */
final class OutboundQueue {
    enum Result { QUEUED, OVER_CAP, CLOSED }

    private final WebSocketImpl socket;
    private final CountingChannel channel;
    private final long maxUnsentBytes;
    private final AtomicLong queuedBytes = new AtomicLong();

    OutboundQueue(WebSocketImpl socket, CountingChannel channel, long maxUnsentBytes) {
        this.socket = socket;
        this.channel = channel;
        this.maxUnsentBytes = maxUnsentBytes;
    }

    long unsentBytes() {
        return Math.max(0, queuedBytes.get() - channel.bytesWritten());
    }

    /**
     * Has this socket time the frame just queued, if it is due a sample: called right after it was queued, so
     * that frame is included (frames other threads queued meanwhile may be too, which can only make the
     * time longer, never shorter).
     */
    void follow(long receivedNanos) {
        channel.follow(queuedBytes.get(), receivedNanos);
    }

    /** Queues an encoded frame; with {@code writeNow}, it goes straight to an idle socket instead. */
    Result offer(OutboundFrame frame, boolean writeNow) {
        int wireBytes = frame.wireBytes();
        if (unsentBytes() > maxUnsentBytes) {
            return Result.OVER_CAP;
        }
        queuedBytes.addAndGet(wireBytes);
        try {
            ByteBuffer wire = frame.wireCopy();
            if (writeNow && socket.isOpen()) {
                // Written at once when nothing waits before it; else queued as below.
                if (channel.writeOrQueue(wire, () -> socket.sendFrame(new PreEncodedFrame(wire)))) {
                    socket.getWebSocketListener().onWriteDemand(socket);
                }
            } else {
                socket.sendFrame(new PreEncodedFrame(wire));
            }
            return Result.QUEUED;
        } catch (WebsocketNotConnectedException | IOException e) {
            // An IOException: the peer is gone; the selector thread will see it and close the connection.
            queuedBytes.addAndGet(-wireBytes);
            return Result.CLOSED;
        }
    }

    /** Queues a control frame the library encodes itself (a pong). */
    Result offer(Framedata frame, int wireBytes) {
        if (unsentBytes() > maxUnsentBytes) {
            return Result.OVER_CAP;
        }
        queuedBytes.addAndGet(wireBytes);
        try {
            socket.sendFrame(frame);
            return Result.QUEUED;
        } catch (WebsocketNotConnectedException e) {
            queuedBytes.addAndGet(-wireBytes);
            return Result.CLOSED;
        }
    }
}
