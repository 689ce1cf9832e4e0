package scalablechat.loadtest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One platform thread with one selector that reads (and, when the kernel's buffer was full, writes) for its share
 * of the tool's WebSockets. Frames are parsed and counted right here, so a delivery costs one read system call
 * shared with whatever else arrived, and no hand-off between threads.
 */
final class WsIo implements AutoCloseable {
    /** Bytes read per system call; a whole original-protocol snapshot of 100 long messages fits. */
    static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long SELECT_MILLIS = 1000;
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    WsIo(String name) throws IOException {
        selector = Selector.open();
        thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** Runs {@code task} on this thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Starts reading {@code connection}; {@code early} holds bytes that came with the handshake's answer. */
    void register(WsConnection connection, java.nio.channels.SocketChannel channel, byte[] early, int earlyLength) {
        execute(() -> {
            try {
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ, connection);
                connection.registered(key, early, earlyLength);
            } catch (IOException e) {
                connection.abort();
            }
        });
    }

    /** The connection has bytes queued that the socket did not take: watch for room in its send buffer. */
    void wantWrite(WsConnection connection) {
        execute(() -> {
            SelectionKey key = connection.key();
            if (key != null && key.isValid()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        });
    }

    private void loop() {
        try {
            while (running) {
                selector.select(SELECT_MILLIS);
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    WsConnection connection = (WsConnection) key.attachment();
                    try {
                        if (key.isValid() && key.isWritable()) {
                            connection.onWritable();
                        }
                        if (key.isValid() && key.isReadable()) {
                            connection.onReadable(readBuffer);
                        }
                    } catch (RuntimeException e) {
                        // a bug in handling one connection must not stop the others
                        connection.abort();
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector is gone: the tool is stopping
        }
    }

    /** Stops the thread and drops every connection it still holds. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof WsConnection connection) {
                connection.abort();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
