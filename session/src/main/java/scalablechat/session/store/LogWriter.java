package scalablechat.session.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that writes a room's log (under FSYNC=always; under never, see {@link RoomLog#append}), with group commit: it takes every append that queued up while
 * its previous sync ran, writes them in one write, syncs once, then completes their futures in order.
 *
 * <p>Ids are given here, at write time, and a failed batch leaves no trace: the file is cut back to the end
 * of the last good record, and the next batch reuses the failed ids, which no one was ever shown. So the
 * ids on disk always rise by exactly 1.
 */
final class LogWriter implements Runnable {
    /** Largest batch written with one write and one sync; more waiting appends go in the next batch. */
    static final int MAX_BATCH_BYTES = 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(RoomLog.class.getName());

    private final String roomId;
    private final FileChannel channel;
    private final FsyncPolicy policy;
    private final AppendQueue queue;
    private final CommitListener listener;
    private final long maxBytes;
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private volatile long durableLastId;
    /** Where the last durable record ends: history reads stop here, before anything still being written. */
    private volatile long durableEnd;
    private final LogIndex index;
    // The fields below belong to the writer thread.
    private long goodEnd;
    private long lastId;
    /** The file may hold bytes of a failed batch after {@code goodEnd}. */
    private boolean tailDirty;
    private long refusedSinceFailure;

    LogWriter(String roomId, FileChannel channel, FsyncPolicy policy, AppendQueue queue, long goodEnd, long lastId,
              LogIndex index, CommitListener listener, long maxBytes) {
        this.index = index;
        this.durableEnd = goodEnd;
        this.roomId = roomId;
        this.maxBytes = maxBytes;
        this.channel = channel;
        this.policy = policy;
        this.queue = queue;
        this.listener = listener;
        this.goodEnd = goodEnd;
        this.lastId = lastId;
        this.durableLastId = lastId;
    }

    /** Runs until the queue is closed and everything in it is written (or refused). */
    @Override
    public void run() {
        for (List<PendingAppend> batch; !(batch = queue.takeBatch(MAX_BATCH_BYTES)).isEmpty(); ) {
            commit(batch);
        }
    }

    long durableLastId() {
        return durableLastId;
    }

    long durableEnd() {
        return durableEnd;
    }

    long forceCount() {
        return forces.get();
    }

    long batchCount() {
        return batches.get();
    }

    /** Writes one batch (syncs it under ALWAYS) and completes its appends; on the writer thread, or under FSYNC=never on the appender's. */
    void commit(List<PendingAppend> batch) {
        batch = withinLimit(batch);
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        batches.incrementAndGet();
        int written;
        long syncNanos = -1;
        try {
            cutTail();
            ByteBuffer records = encode(batch);
            written = records.remaining();
            writeFully(records, goodEnd);
            if (policy == FsyncPolicy.ALWAYS) {
                long syncStarted = System.nanoTime();
                force();
                syncNanos = System.nanoTime() - syncStarted;
            }
        } catch (IOException | RuntimeException e) {
            tailDirty = true;
            tryCutTail();
            listener.failed(batch.size());
            refuse(batch, e);
            return;
        }
        long offset = goodEnd;
        long recordId = lastId;
        for (PendingAppend append : batch) {
            index.record(++recordId, offset);
            offset += append.recordBytes();
        }
        goodEnd += written;
        lastId += batch.size();
        durableLastId = lastId;
        durableEnd = goodEnd;
        if (refusedSinceFailure > 0) {
            LOG.log(System.Logger.Level.INFO, "room " + roomId + ": log writes work again; "
                    + refusedSinceFailure + " messages were refused meanwhile");
            refusedSinceFailure = 0;
        }
        listener.committed(batch.size(), written, syncNanos, System.nanoTime() - started);
        long id = lastId - batch.size();
        for (PendingAppend append : batch) {
            append.result().complete(append.message().withId(++id));
        }
    }

    /** The appends that fit under the size limit; the rest, in order from the first that doesn't, are refused. */
    private List<PendingAppend> withinLimit(List<PendingAppend> batch) {
        long end = goodEnd;
        for (int i = 0; i < batch.size(); i++) {
            end += batch.get(i).recordBytes();
            if (end > maxBytes) {
                RoomLogFullException full = new RoomLogFullException(roomId, maxBytes);
                for (PendingAppend refused : batch.subList(i, batch.size())) {
                    refused.result().completeExceptionally(full);
                }
                return batch.subList(0, i);
            }
        }
        return batch;
    }

    private ByteBuffer encode(List<PendingAppend> batch) {
        int size = 0;
        for (PendingAppend append : batch) {
            size += append.recordBytes();
        }
        ByteBuffer records = ByteBuffer.allocate(size);
        long id = lastId;
        for (PendingAppend append : batch) {
            LogFormat.putRecord(records, ++id, append.body());
        }
        return records.flip();
    }

    private void writeFully(ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    private void force() throws IOException {
        forces.incrementAndGet();
        channel.force(false);
    }

    /** Removes what a failed batch left after the last good record, so no later record lands after garbage. */
    private void cutTail() throws IOException {
        if (tailDirty) {
            channel.truncate(goodEnd);
            if (policy == FsyncPolicy.ALWAYS) {
                force(); // else a crash could bring back records whose senders were told they failed
            }
            tailDirty = false;
        }
    }

    private void tryCutTail() {
        try {
            cutTail();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "room " + roomId + ": cannot cut the log back yet: " + e);
        }
    }

    private void refuse(List<PendingAppend> batch, Exception cause) {
        if (refusedSinceFailure == 0) {
            LOG.log(System.Logger.Level.ERROR, "room " + roomId
                    + ": log write failed, refusing messages until writes work again: " + cause);
        }
        refusedSinceFailure += batch.size();
        IOException failure = cause instanceof IOException io ? io
                : new IOException("room " + roomId + ": log write failed: " + cause, cause);
        for (PendingAppend append : batch) {
            append.result().completeExceptionally(failure);
        }
    }
}
