package scalablechat.loadtest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client WebSocket after its handshake. Everything it reads is parsed on its {@link WsIo} thread, in place
 * in that thread's read buffer whenever a frame arrived whole, and handed to the listener as bytes: no decoding
 * to characters, no copies, no futures per frame, which keeps the tool's cost per delivery well below the
 * server's. Any thread may send; sends go straight to the socket and queue only when the kernel's buffer is full.
 */
final class WsConnection {
    /** Largest message the tool accepts from a server (a snapshot of 100 long messages is far below). */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    /** What a connection tells its owner. Called on the connection's I/O thread, one call at a time. */
    interface Listener {
        void onText(byte[] data, int offset, int length);

        void onBinary(int length);

        /** The connection is closed: {@code code} from the server's close frame, 1006 when it just ended. */
        void onClose(int code, String reason, boolean closedByUs);
    }

    private final SocketChannel channel;
    private final Listener listener;
    private final WsIo io;
    private SelectionKey key;

    // Read side: only the I/O thread touches these.
    private byte[] pending = new byte[0];
    private int pendingLength;
    private byte[] fragments;
    private int fragmentsLength;
    private int fragmentOpcode;

    // Write side: guarded by lock, used by senders and the I/O thread.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final ArrayDeque<ByteBuffer> outbox = new ArrayDeque<>();
    private long outboxBytes;
    private boolean closeSent;
    /** The server started the closing handshake (or broke the protocol), not us. */
    private boolean closedByServer;

    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    WsConnection(SocketChannel channel, Listener listener, WsIo io) {
        this.channel = channel;
        this.listener = listener;
        this.io = io;
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    /**
     * Sends a frame; when more than {@code maxQueued} bytes already wait for the socket, first waits up to
     * {@code waitNanos} for them to drain (the server's TCP backpressure reaching the sender).
     * False when the connection is closing or the wait ran out.
     */
    boolean send(ByteBuffer frame, long maxQueued, long waitNanos) {
        lock.lock();
        try {
            long nanos = waitNanos;
            while (outboxBytes > maxQueued && !closeSent && !closed.isDone()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = drained.awaitNanos(nanos);
            }
            if (closeSent || closed.isDone()) {
                return false;
            }
            return write(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the closing handshake; the connection closes once the server answers (or is aborted). */
    void close(int code, String reason) {
        lock.lock();
        try {
            if (closeSent || closed.isDone()) {
                return;
            }
            closeSent = true;
            write(WsFrames.close(code, reason));
        } finally {
            lock.unlock();
        }
    }

    /** Drops the TCP connection at once. */
    void abort() {
        finish(WsFrames.ABNORMAL, "aborted");
    }

    // Called with lock held.
    private boolean write(ByteBuffer frame) {
        if (outbox.isEmpty()) {
            try {
                channel.write(frame);
            } catch (IOException e) {
                io.execute(() -> finish(WsFrames.ABNORMAL, "write failed: " + e.getMessage()));
                return false;
            }
            if (!frame.hasRemaining()) {
                return true;
            }
            io.wantWrite(this);
        }
        outbox.add(frame);
        outboxBytes += frame.remaining();
        return true;
    }

    // I/O thread from here on.

    void registered(SelectionKey key, byte[] early, int earlyLength) {
        this.key = key;
        if (earlyLength > 0) {
            consume(early, 0, earlyLength);
        }
    }

    SelectionKey key() {
        return key;
    }

    void onWritable() {
        lock.lock();
        try {
            while (!outbox.isEmpty()) {
                ByteBuffer head = outbox.peek();
                int before = head.remaining();
                channel.write(head);
                outboxBytes -= before - head.remaining();
                if (head.hasRemaining()) {
                    return;
                }
                outbox.poll();
            }
            if (key.isValid()) {
                key.interestOps(SelectionKey.OP_READ);
            }
            drained.signalAll();
        } catch (IOException e) {
            finish(WsFrames.ABNORMAL, "write failed: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    void onReadable(ByteBuffer buffer) {
        int n;
        try {
            buffer.clear();
            n = channel.read(buffer);
        } catch (IOException e) {
            finish(WsFrames.ABNORMAL, "read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            finish(WsFrames.ABNORMAL, "");
            return;
        }
        if (n > 0) {
            consume(buffer.array(), buffer.arrayOffset(), n);
        }
    }

    /** Parses whole frames; keeps the tail of a frame that has not fully arrived for the next read. */
    private void consume(byte[] bytes, int offset, int length) {
        if (pendingLength > 0) {
            if (pending.length < pendingLength + length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + length));
            }
            System.arraycopy(bytes, offset, pending, pendingLength, length);
            pendingLength += length;
            int used = frames(pending, 0, pendingLength);
            System.arraycopy(pending, used, pending, 0, pendingLength - used);
            pendingLength -= used;
            return;
        }
        int used = frames(bytes, offset, length);
        int left = length - used;
        if (left > 0 && !closed.isDone()) {
            if (pending.length < left) {
                pending = new byte[Math.max(left, 4096)];
            }
            System.arraycopy(bytes, offset + used, pending, 0, left);
            pendingLength = left;
        }
    }

    /** Handles every complete frame in {@code bytes[offset, offset + length)}; returns the bytes used. */
    private int frames(byte[] bytes, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (end - at >= 2 && !closed.isDone()) {
            int b0 = bytes[at] & 0xFF;
            int b1 = bytes[at + 1] & 0xFF;
            if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
                protocolError("a frame with reserved bits or a mask from the server");
                return length;
            }
            long payload = b1 & 0x7F;
            int header = 2;
            if (payload == 126) {
                if (end - at < 4) {
                    break;
                }
                payload = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
                header = 4;
            } else if (payload == 127) {
                if (end - at < 10) {
                    break;
                }
                payload = 0;
                for (int i = 2; i < 10; i++) {
                    payload = (payload << 8) | (bytes[at + i] & 0xFF);
                }
                header = 10;
            }
            if (payload > MAX_MESSAGE_BYTES) {
                protocolError("a frame of " + payload + " bytes");
                return length;
            }
            if (end - at - header < payload) {
                break;
            }
            frame((b0 & 0x80) != 0, b0 & 0x0F, bytes, at + header, (int) payload);
            at += header + (int) payload;
        }
        return at - offset;
    }

    private void frame(boolean fin, int opcode, byte[] bytes, int offset, int length) {
        switch (opcode) {
            case WsFrames.OP_TEXT, WsFrames.OP_BINARY -> {
                if (fin) {
                    deliver(opcode, bytes, offset, length);
                } else {
                    fragments = Arrays.copyOfRange(bytes, offset, offset + Math.max(length, 1024));
                    fragmentsLength = length;
                    fragmentOpcode = opcode;
                }
            }
            case WsFrames.OP_CONTINUATION -> {
                if (fragments == null) {
                    protocolError("a continuation frame outside a message");
                    return;
                }
                if (fragmentsLength + length > MAX_MESSAGE_BYTES) {
                    protocolError("a message over " + MAX_MESSAGE_BYTES + " bytes");
                    return;
                }
                if (fragments.length < fragmentsLength + length) {
                    fragments = Arrays.copyOf(fragments, Math.max(fragments.length * 2, fragmentsLength + length));
                }
                System.arraycopy(bytes, offset, fragments, fragmentsLength, length);
                fragmentsLength += length;
                if (fin) {
                    byte[] message = fragments;
                    fragments = null;
                    deliver(fragmentOpcode, message, 0, fragmentsLength);
                }
            }
            case WsFrames.OP_PING -> {
                lock.lock();
                try {
                    if (!closeSent) {
                        write(WsFrames.encode(WsFrames.OP_PONG, Arrays.copyOfRange(bytes, offset, offset + length)));
                    }
                } finally {
                    lock.unlock();
                }
            }
            case WsFrames.OP_PONG -> { }
            case WsFrames.OP_CLOSE -> {
                int code = length >= 2 ? ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF) : WsFrames.NO_STATUS;
                String reason = length > 2 ? new String(bytes, offset + 2, length - 2, StandardCharsets.UTF_8) : "";
                lock.lock();
                try {
                    if (!closeSent) {
                        closeSent = true;
                        closedByServer = true;
                        write(WsFrames.close(code == WsFrames.NO_STATUS ? 1000 : code, ""));
                    }
                } finally {
                    lock.unlock();
                }
                finish(code, reason);
            }
            default -> protocolError("unknown opcode " + opcode);
        }
    }

    private void deliver(int opcode, byte[] bytes, int offset, int length) {
        if (opcode == WsFrames.OP_TEXT) {
            listener.onText(bytes, offset, length);
        } else {
            listener.onBinary(length);
        }
    }

    private void protocolError(String what) {
        lock.lock();
        try {
            if (!closeSent) {
                closeSent = true;
                closedByServer = true;
                write(WsFrames.close(1002, "protocol error"));
            }
        } finally {
            lock.unlock();
        }
        finish(1002, "protocol error: " + what);
    }

    /** Closes the socket and reports the close once. Safe from any thread. */
    private void finish(int code, String reason) {
        if (closed.isDone()) {
            return;
        }
        boolean byUs;
        lock.lock();
        try {
            byUs = closeSent && !closedByServer;
            outbox.clear();
            outboxBytes = 0;
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (closed.complete(null)) {
            listener.onClose(code, reason, byUs);
        }
    }

    /** Waits (bounded) for the close to finish. */
    boolean awaitClosed(long timeout, TimeUnit unit) {
        try {
            closed.get(timeout, unit);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
