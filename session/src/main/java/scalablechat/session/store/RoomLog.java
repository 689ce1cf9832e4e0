package scalablechat.session.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One room's open, locked message log. Under {@code FSYNC=always}, {@link #append} never blocks: its own writer
 * thread does the disk work with group commit (see {@link LogWriter}). Under {@code FSYNC=never} there is no sync
 * to share, so append writes on the caller's thread (a page-cache write) and saves two thread wake-ups a message.
 * Get one from {@link RoomStore#open}; close it when the room closes.
 */
public final class RoomLog implements AutoCloseable {
    /** Appends waiting for the disk beyond which new ones are refused at once rather than piling up in memory. */
    static final int MAX_WAITING_APPENDS = 10_000;
    private static final System.Logger LOG = System.getLogger(RoomLog.class.getName());

    private final String roomId;
    private final List<StoredMessage> recent;
    private final FileChannel channel;
    private final RoomLock lock;
    private final AppendQueue queue = new AppendQueue(MAX_WAITING_APPENDS);
    private final LogWriter writer;
    private final LogIndex index;
    /** Null under FSYNC=never, where appends are written by their callers, one at a time under {@code inline}. */
    private final Thread writerThread;
    private final ReentrantLock inline = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    RoomLog(String roomId, FileChannel channel, RoomLock lock, FsyncPolicy policy, LogScanner.Result scanned,
            long lastIdTaken, CommitListener listener, long maxLogBytes) {
        this.roomId = roomId;
        this.channel = channel;
        this.lock = lock;
        this.recent = scanned.recent();
        this.index = scanned.index();
        this.writer = new LogWriter(roomId, channel, policy, queue, scanned.goodEnd(), lastIdTaken, index, listener,
                maxLogBytes);
        this.writerThread = policy == FsyncPolicy.ALWAYS ? Thread.ofVirtual().name("room-log-" + roomId).start(writer) : null;
    }

    public String roomId() {
        return roomId;
    }

    /**
     * The id of the newest durable message; 0 for a room with no messages. After recovery from damage, the highest
     * id that may have been given out, so the next message's id is above every id ever written.
     */
    public long lastId() {
        return writer.durableLastId();
    }

    /** Appends queued and not yet taken by the writer: how far the disk is behind. Takes the queue's lock. */
    public int waitingAppends() {
        return queue.size();
    }

    /** The newest messages (at most the store's retained count) in id order, as they were when the log opened. */
    public List<StoredMessage> recent() {
        return recent;
    }

    /** A page of older messages, oldest first; {@code more}: the log holds messages older than the first of them. */
    public record Page(List<StoredMessage> messages, boolean more) {}

    /**
     * Up to {@code count} of the newest durable messages with ids below {@code beforeId}, read from the file. Any
     * thread, concurrently with appends; it reads only what is already durable. Costs at most
     * {@code count + LogIndex.EVERY} records of reading, wherever in the log the page is.
     *
     * @throws IOException when the file cannot be read (or the log was closed meanwhile)
     */
    public Page before(long beforeId, int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        long end = writer.durableEnd(); // read first: every index entry below it is complete
        if (index.isEmpty()) {
            return new Page(List.of(), false);
        }
        List<StoredMessage> page = List.of();
        int entry = index.floor(beforeId - count);
        long to = end;
        while (true) {
            long from = index.offset(entry);
            if (from < to) { // an entry at or past the durable end is a batch still being written
                page = concat(LogScanner.newestBefore(channel, from, to, beforeId, count - page.size()), page);
            }
            if (page.size() >= count || entry == 0) {
                break;
            }
            // Too few: ids were lost to damage here, or the page starts before this entry. Read the stretch before it.
            to = Math.min(to, from);
            entry = Math.min(entry - 1, index.floor(index.id(entry) - 1 - (count - page.size())));
        }
        return new Page(page, !page.isEmpty() && page.get(0).id() > index.firstId());
    }

    private static List<StoredMessage> concat(List<StoredMessage> older, List<StoredMessage> newer) {
        if (newer.isEmpty()) {
            return older;
        }
        List<StoredMessage> both = new ArrayList<>(older.size() + newer.size());
        both.addAll(older);
        both.addAll(newer);
        return both;
    }

    /**
     * Queues a message and returns at once. The future completes, on the log's writer thread and in append
     * order, with the message and its new id once it is durable ({@link FsyncPolicy}), or exceptionally with
     * an {@link IOException} when it could not be stored: then it is not in the log, takes no id, and nothing
     * stored before it is damaged. A {@link RoomLogFullException} says the log has reached its size limit. Hand completions over to the caller's own thread rather than working in them.
     * Under {@code FSYNC=never} the message is written before this returns, and the future is already complete.
     *
     * @throws IllegalArgumentException when the message cannot be stored as it is (not valid Unicode, too large)
     * @throws IllegalStateException    after {@link #close}
     */
    public CompletableFuture<StoredMessage> append(NewMessage message) {
        PendingAppend append = new PendingAppend(message, LogFormat.encodeBody(message), new CompletableFuture<>());
        if (writerThread == null) {
            return appendHere(append);
        }
        switch (queue.offer(append)) {
            case ACCEPTED -> { }
            case FULL -> append.result().completeExceptionally(new IOException("room " + roomId
                    + ": " + MAX_WAITING_APPENDS + " messages are already waiting for the disk"));
            case CLOSED -> throw new IllegalStateException("room " + roomId + ": log is closed");
        }
        return append.result();
    }

    private CompletableFuture<StoredMessage> appendHere(PendingAppend append) {
        inline.lock();
        try {
            if (closed.get()) {
                throw new IllegalStateException("room " + roomId + ": log is closed");
            }
            writer.commit(List.of(append));
        } finally {
            inline.unlock();
        }
        return append.result();
    }

    /**
     * Writes everything queued, then closes the file and releases the room's lock. Waits for the disk.
     *
     * @throws IllegalStateException when called inside a completion on the writer thread, which it would wait for
     */
    @Override
    public void close() {
        if (Thread.currentThread() == writerThread) {
            throw new IllegalStateException("room " + roomId + ": close() inside an append completion would wait for itself");
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        queue.close();
        if (writerThread != null) {
            joinWriter();
        }
        inline.lock(); // an append being written on another thread finishes first
        inline.unlock();
        try (lock; channel) {
            // closing both, the channel first
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": closing the log: " + e);
        }
    }

    private void joinWriter() {
        boolean interrupted = false;
        while (true) {
            try {
                writerThread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long forceCount() {
        return writer.forceCount();
    }

    long batchCount() {
        return writer.batchCount();
    }
}
