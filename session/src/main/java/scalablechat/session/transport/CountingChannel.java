package scalablechat.session.transport;

import org.java_websocket.WrappedByteChannel;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client socket as Java-WebSocket sees it: counts the bytes actually written to the peer (so
 * {@link OutboundQueue} knows how much is still queued), tells {@link AcceptGuard} when it closes, and
 * reports when a followed frame's bytes are written ({@link #follow}). With a
 * {@link GatheringWriter} it writes the frames queued behind the one it is handed in the same system call.
 * <p>A frame sent while nothing waits before it is written at once by the sending thread ({@link #writeOrQueue}),
 * as Node writes its sockets; only what the socket cannot take then goes through the selector thread, which
 * finishes it ({@link #writeMore}) before anything of the library's queue. One lock orders the two writers.
 * Java-WebSocket reads it and writes its queue only on its selector thread; it closes it from any thread.
 */
final class CountingChannel implements WrappedByteChannel {
    /**
     * The most an upgrade request (request line and headers) may take. Java-WebSocket has no limit and parses
     * the whole request again on every read, so a request streamed slowly costs time squared in its size.
     */
    static final int MAX_HANDSHAKE_BYTES = 8 * 1024;

    private final SocketChannel socket;
    /** This socket's key with Java-WebSocket's selector. */
    private final SelectionKey key;
    private final InetAddress peer;
    private final AcceptGuard guard;
    private final TransportMetrics metrics;
    /** null when gathering is off: then each frame is one write, as Java-WebSocket would do it. */
    private final GatheringWriter gatherer;
    /** Java-WebSocket's send queue for this socket, which the gatherer reads ahead in. */
    private final Queue<ByteBuffer> outQueue;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Told when a followed frame is written: the server's delivery timing. */
    private final WriteObserver observer;
    /** The followed frame whose end this socket waits to write, if any (one at a time). */
    private final AtomicReference<WriteWatch> watch = new AtomicReference<>();
    /** When the message of the last frame followed here was received; only the thread that fans out to it touches it. */
    private long lastFollowedNanos = Long.MIN_VALUE / 2;
    private volatile boolean abortOnClose;
    /** True until the upgrade completed; read and counted on the selector thread. */
    private volatile boolean handshaking = true;
    private int handshakeBytes;
    /** Held by whoever writes to the socket: the selector thread or a thread sending a frame directly. */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The rest of a frame written directly in part; it goes out before anything queued. Set under writeLock. */
    private volatile ByteBuffer unfinished;
    /** Changed only under writeLock, so a volatile is enough for others to read it. */
    private volatile long bytesWritten;

    private record WriteWatch(long endOffset, long receivedNanos) {}

    private static final long FOLLOW_INTERVAL_NANOS = WriteObserver.INTERVAL.toNanos();

    CountingChannel(SocketChannel socket, SelectionKey key, InetAddress peer, AcceptGuard guard, TransportMetrics metrics,
                    GatheringWriter gatherer, Queue<ByteBuffer> outQueue, WriteObserver observer) {
        this.observer = observer;
        this.socket = socket;
        this.key = key;
        this.gatherer = gatherer;
        this.outQueue = outQueue;
        this.peer = peer;
        this.guard = guard;
        this.metrics = metrics;
    }

    /** The upgrade is done: from now on bytes are frames, bounded by the frame cap instead. */
    void handshakeEnded() {
        handshaking = false;
    }

    InetAddress peer() {
        return peer;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int read = socket.read(dst);
        if (read > 0) {
            metrics.receivedBytes.add(read);
            if (handshaking && (handshakeBytes += read) > MAX_HANDSHAKE_BYTES) {
                metrics.oversizedHandshakes.increment();
                throw new IOException("upgrade request larger than " + MAX_HANDSHAKE_BYTES + " bytes");
            }
        }
        return read;
    }

    /**
     * Sends one frame's wire bytes: written now, on the calling thread, when the upgrade is done and nothing waits
     * before them; else {@code queue} runs (it hands the frame to Java-WebSocket's queue), under the same lock,
     * so no frame overtakes another. Saves the selector thread a wake-up, two interest changes and a select.
     *
     * @return true when part of the frame is left for the selector thread: the caller must ask for a write then
     */
    boolean writeOrQueue(ByteBuffer frame, Runnable queue) throws IOException {
        writeLock.lock();
        try {
            if (handshaking || unfinished != null || !outQueue.isEmpty() || closed.get()) {
                queue.run();
                return false;
            }
            counted(socket.write(frame));
            if (!frame.hasRemaining()) {
                return false;
            }
            unfinished = frame;
            metrics.unfinishedDirectWrites.increment();
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** The selector thread writes the head of the library's queue (a direct write's rest goes first). */
    @Override
    public int write(ByteBuffer src) throws IOException {
        guard.selectorLookedAtWrites();
        writeLock.lock();
        try {
            if (!finishUnfinished() || !src.hasRemaining()) {
                // Blocked behind a direct write's rest (the library keeps asking), or already written by an
                // earlier gathering write: the library only needs to see it empty.
                return 0;
            }
            int start = src.position();
            counted(gatherer == null ? socket.write(src) : gatherer.write(src, outQueue, socket));
            // The bytes taken from src, as the contract asks; the gathered buffers' positions tell about theirs.
            return src.position() - start;
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes what is left of a direct write, if anything; true once nothing is. Under writeLock. */
    private boolean finishUnfinished() throws IOException {
        if (unfinished == null) {
            return true;
        }
        counted(socket.write(unfinished));
        if (unfinished.hasRemaining()) {
            return false;
        }
        unfinished = null;
        return true;
    }

    private void counted(long written) {
        metrics.socketWrites.increment();
        if (written > 0) {
            bytesWritten += written;
            metrics.sentBytes.add(written);
            WriteWatch pending = watch.get();
            if (pending != null && bytesWritten >= pending.endOffset() && watch.compareAndSet(pending, null)) {
                observer.written(pending.receivedNanos());
            }
        }
    }

    /** What the selector thread must write next, if anything: a direct write's rest, else the queue's head. */
    ByteBuffer nextToWrite() {
        if (unfinished == null && outQueue.isEmpty()) {
            return null; // the sweep asks every socket ten times a second: most have nothing, and need no lock to say so
        }
        writeLock.lock();
        try {
            return unfinished != null ? unfinished : outQueue.peek();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Asked by the selector thread when the library's queue is empty: is a direct write's rest still unsent? Without
     * the lock, so a sending thread's direct write never waits for it: a rest set just after this answered "no" asks
     * for the write itself ({@link #writeOrQueue}'s caller), and the sweep finds one whose request was lost.
     */
    @Override
    public boolean isNeedWrite() {
        guard.selectorLookedAtWrites();
        if (unfinished != null) {
            return true;
        }
        metrics.idleWriteChecks.increment();
        return false;
    }

    @Override
    public void writeMore() throws IOException {
        writeLock.lock();
        try {
            finishUnfinished();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Nothing is ever read ahead here (that is for TLS channels). Asked by the selector thread right after it read
     * this socket; "yes" makes it call {@link #readMore} once it has gone through the keys it selected, which is
     * the one moment the guard may clear the keys Java-WebSocket leaves selected ({@link AcceptGuard#clearStaleKeys}).
     */
    @Override
    public boolean isNeedRead() {
        return guard.hasStaleKeys();
    }

    /** Reads nothing (see {@link #isNeedRead}); clears the keys left selected. Selector thread, after its key loop. */
    @Override
    public int readMore(ByteBuffer dst) {
        guard.clearStaleKeys(key);
        return 0;
    }

    @Override
    public boolean isBlocking() {
        return socket.isBlocking();
    }

    /**
     * Follows the frame that ends at {@code endOffset} to its last byte written, unless this socket already follows
     * one or followed one less than {@link WriteObserver#INTERVAL} of receipts ago: sampling costs a small object per
     * followed frame, so a busy socket reports a few a second. The count includes the handshake response, which
     * OutboundQueue's offsets leave out, so a report may come up to that many bytes (a few hundred) early.
     */
    void follow(long endOffset, long receivedNanos) {
        if (observer == WriteObserver.NONE || receivedNanos - lastFollowedNanos < FOLLOW_INTERVAL_NANOS
                || watch.get() != null) {
            return;
        }
        lastFollowedNanos = receivedNanos;
        if (bytesWritten >= endOffset) {
            observer.written(receivedNanos); // written already, by a direct write: nothing to wait for
            return;
        }
        WriteWatch pending = new WriteWatch(endOffset, receivedNanos);
        watch.set(pending);
        // The selector may have written the bytes meanwhile, or the socket closed: settle it here then.
        if (bytesWritten >= endOffset) {
            if (watch.compareAndSet(pending, null)) {
                observer.written(receivedNanos);
            }
        } else if (closed.get() && watch.compareAndSet(pending, null)) {
            observer.abandoned();
        }
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
            WriteWatch pending = watch.getAndSet(null);
            if (pending != null) {
                observer.abandoned();
            }
            guard.released(this);
            if (abortOnClose) {
                guard.abort(socket);
            } else {
                guard.linger(socket);
            }
        }
    }
}
