package scalablechat.session;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client socket as Java-WebSocket sees it: counts the bytes actually written to the peer (so
 * {@link OutboundQueue} knows how much is still queued) and tells {@link AcceptGuard} when it closes.
 * Java-WebSocket reads and writes it only on its selector thread; it closes it from any thread.
 */
final class CountingChannel implements ByteChannel {
    private final SocketChannel socket;
    private final InetAddress peer;
    private final AcceptGuard guard;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean abortOnClose;
    /** Only the selector thread writes, so a volatile is enough for others to read it. */
    private volatile long bytesWritten;

    CountingChannel(SocketChannel socket, InetAddress peer, AcceptGuard guard) {
        this.socket = socket;
        this.peer = peer;
        this.guard = guard;
    }

    InetAddress peer() {
        return peer;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int written = socket.write(src);
        if (written > 0) {
            bytesWritten += written;
        }
        return written;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Makes the coming close a reset that drops unsent data, instead of a graceful one. */
    void abortOnClose() {
        abortOnClose = true;
    }

    /**
     * Java-WebSocket closes the channel as soon as its close frame is written, without waiting for
     * the peer's. A plain close would then reset a peer that is still sending (a flooder, or a client
     * caught mid-message by a drain), and a reset can destroy the close frame before the peer reads it.
     * So the guard half-closes it and lets it linger for a moment instead.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            guard.released(this);
            if (abortOnClose) {
                guard.abort(socket);
            } else {
                guard.linger(socket);
            }
        }
    }
}
