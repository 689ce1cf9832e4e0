package scalablechat.session.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Queue;

/**
 * Writes a connection's queued frames to its socket with one system call instead of one per frame.
 * <p>Java-WebSocket's selector thread writes a connection's send queue one buffer per {@code write}
 * (SocketChannelIOHelper.batch: peek, write, poll once empty, repeat). Handed the queue's head, this
 * writes the head together with the buffers queued behind it in one gathering write, without removing
 * any; the JDK advances each buffer's position, so when the library hands over the next ones they are
 * already empty and cost nothing. Each buffer is its connection's own (a copy, or a duplicate of a
 * frame encoded once for a fan-out), so advancing their positions touches nothing shared.
 * <p>One per server, shared by its connections; it keeps its scratch array per thread (in practice
 * the one selector thread), so an idle connection costs no memory for it. Room threads add to the
 * queues meanwhile; a LinkedBlockingQueue's iterator is safe against that.
 */
final class GatheringWriter {
    /** Linux's IOV_MAX: a gathering write takes at most this many buffers. */
    static final int MAX_BUFFERS = 1024;

    private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[MAX_BUFFERS]);

    private final int maxBytes;

    /** @param maxBytes how many bytes one write gathers, about: it stops adding buffers once past this */
    GatheringWriter(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Writes {@code head} and what follows it in {@code queue}; returns the bytes written. Falls back to
     * a plain write when {@code head} is not the queue's head (a write the library did not take from it).
     */
    long write(ByteBuffer head, Queue<ByteBuffer> queue, GatheringByteChannel socket) throws IOException {
        ByteBuffer[] gathered = SCRATCH.get();
        int count = gather(head, queue, gathered);
        try {
            return count == 1 ? socket.write(head) : socket.write(gathered, 0, count);
        } finally {
            Arrays.fill(gathered, 0, count, null);
        }
    }

    private int gather(ByteBuffer head, Queue<ByteBuffer> queue, ByteBuffer[] gathered) {
        gathered[0] = head;
        Iterator<ByteBuffer> pending = queue.iterator();
        if (!pending.hasNext() || pending.next() != head) {
            return 1;
        }
        int count = 1;
        long bytes = head.remaining();
        while (count < MAX_BUFFERS && bytes < maxBytes && pending.hasNext()) {
            ByteBuffer next = pending.next();
            gathered[count++] = next;
            bytes += next.remaining();
        }
        return count;
    }
}
