package scalablechat.session.transport;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.Framedata;

import java.io.IOException;
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
     * Tells {@code observer} once everything queued so far is written: called right after the observed
     * frame was queued, so that frame is included (frames other threads queued meanwhile may be too,
     * which can only make the wait longer, never shorter).
     */
    void whenWritten(WriteObserver observer) {
        channel.whenWritten(queuedBytes.get(), observer);
    }

    /** Queues a frame; with {@code writeNow}, an encoded frame goes straight to an idle socket instead. */
    Result offer(Framedata frame, int wireBytes, boolean writeNow) {
        if (unsentBytes() > maxUnsentBytes) {
            return Result.OVER_CAP;
        }
        queuedBytes.addAndGet(wireBytes);
        try {
            if (writeNow && frame instanceof OutboundFrame.EncodedTextFrame encoded && socket.isOpen()) {
                // Written at once when nothing waits before it; else queued as below.
                if (channel.writeOrQueue(encoded.wireCopy(), () -> socket.sendFrame(frame))) {
                    socket.getWebSocketListener().onWriteDemand(socket);
                }
            } else {
                socket.sendFrame(frame);
            }
            return Result.QUEUED;
        } catch (WebsocketNotConnectedException | IOException e) {
            // An IOException: the peer is gone; the selector thread will see it and close the connection.
            queuedBytes.addAndGet(-wireBytes);
            return Result.CLOSED;
        }
    }
}
