package scalablechat.session.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a room log from its first record to its end, keeping only the newest messages in memory, so a log of any
 * length opens in bounded memory. A damaged record (a bad sector, a flipped bit) does not end the scan: the scanner
 * looks byte by byte for the next record whose length, checksum, fields and id all hold, skips the damage and goes
 * on. Only damage with no good record after it, the tail, stops the scan.
 */
final class LogScanner {
    /** The fewest bytes a record takes: any tail can have held at most its length divided by this many records. */
    static final int MIN_RECORD_BYTES = LogFormat.RECORD_HEADER_BYTES + LogFormat.MIN_PAYLOAD_BYTES;
    private static final int READ_BUFFER_BYTES = 2 * (LogFormat.RECORD_HEADER_BYTES + LogFormat.MAX_PAYLOAD_BYTES);

    /** Damaged bytes in the middle of a log, left in place: the ids after {@code lastIdBefore} up to the next good one are lost. */
    record Skipped(long offset, long bytes, String problem, long lastIdBefore, long nextId) {}

    /**
     * What the scan found.
     *
     * @param goodEnd  the offset just past the last good record: where the next record goes
     * @param problem  why the tail from {@code goodEnd} on is bad, or null when the file ends with a good record
     * @param blankTail whether that tail cannot have held a message: shorter than the smallest record, or all zeros
     *                  (a file extended but never written)
     * @param skipped  damaged ranges before the tail, with good records after them
     * @param index    where the good records are, for reading older pages later
     */
    record Result(long lastId, long goodEnd, List<StoredMessage> recent, String problem, boolean blankTail,
                  List<Skipped> skipped, LogIndex index) {}

    /** A record read at an offset, or why none could be. */
    private record Read(StoredMessage message, int bytes, String problem) {
        static Read bad(String problem) {
            return new Read(null, 0, problem);
        }
    }

    private final FileChannel channel;
    private final long fileSize;
    private final long start;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES).limit(0);
    private long bufferStart;

    private LogScanner(FileChannel channel, long fileSize, long start) {
        this.channel = channel;
        this.fileSize = fileSize;
        this.start = start;
    }

    static Result scan(FileChannel channel, int retained) throws IOException {
        return new LogScanner(channel, channel.size(), LogFormat.HEADER_BYTES).scan(retained, Long.MAX_VALUE, new LogIndex());
    }

    /**
     * The newest {@code count} messages with ids below {@code beforeId} among the records from offset {@code from}
     * (where a good record starts) to {@code to} (where one ends), oldest first. Damage between them is skipped.
     */
    static List<StoredMessage> newestBefore(FileChannel channel, long from, long to, long beforeId, int count)
            throws IOException {
        return new LogScanner(channel, to, from).scan(count, beforeId, null).recent();
    }

    /** The highest id of any good record in {@code channel}, read from its first byte (a log's cut-off tail). */
    static long highestId(FileChannel channel) throws IOException {
        LogScanner scanner = new LogScanner(channel, channel.size(), 0);
        long highest = 0;
        for (long position = 0; position < scanner.fileSize; ) {
            long found = scanner.nextGood(position, 0);
            if (found < 0) {
                break;
            }
            Read read = scanner.readAt(found, 0);
            highest = Math.max(highest, read.message().id());
            position = found + read.bytes();
        }
        return highest;
    }

    /** Reads from {@code start} until the end or the first id at or above {@code beforeId}; {@code index} may be null. */
    private Result scan(int retained, long beforeId, LogIndex index) throws IOException {
        ArrayDeque<StoredMessage> recent = new ArrayDeque<>(Math.min(retained, 1024));
        List<Skipped> skipped = new ArrayList<>();
        long position = start;
        long lastId = 0;
        String problem = null;
        boolean blankTail = false;
        while (position < fileSize) {
            Read read = readAt(position, lastId);
            boolean afterDamage = read.message() == null;
            if (afterDamage) {
                long next = nextGood(position + 1, lastId); // even past a "torn" record: its length may be the damage
                if (next < 0) {
                    problem = read.problem();
                    blankTail = fileSize - position < MIN_RECORD_BYTES || allZero(position);
                    break;
                }
                Read good = readAt(next, lastId);
                skipped.add(new Skipped(position, next - position, read.problem(), lastId, good.message().id()));
                position = next;
                read = good;
            }
            StoredMessage message = read.message();
            if (message.id() >= beforeId) {
                break;
            }
            if (index != null && afterDamage) {
                index.recordAfterDamage(message.id(), position);
            } else if (index != null) {
                index.record(message.id(), position);
            }
            if (retained > 0) {
                if (recent.size() == retained) {
                    recent.removeFirst();
                }
                recent.addLast(message);
            }
            lastId = message.id();
            position += read.bytes();
        }
        return new Result(lastId, position, List.copyOf(recent), problem, blankTail, List.copyOf(skipped), index);
    }

    /** The record at {@code position}, valid only when its id is above {@code lastId} (the next one in a clean log). */
    private Read readAt(long position, long lastId) throws IOException {
        ByteBuffer head = bytesAt(position, LogFormat.RECORD_HEADER_BYTES);
        if (head == null) {
            return Read.bad("torn record header");
        }
        int length = head.getInt();
        int crc = head.getInt();
        if (length < LogFormat.MIN_PAYLOAD_BYTES || length > LogFormat.MAX_PAYLOAD_BYTES) {
            return Read.bad("impossible record length " + Integer.toUnsignedString(length));
        }
        ByteBuffer payload = bytesAt(position + LogFormat.RECORD_HEADER_BYTES, length);
        if (payload == null) {
            return Read.bad("torn record (" + length + " bytes announced, "
                    + (fileSize - position - LogFormat.RECORD_HEADER_BYTES) + " present)");
        }
        if (LogFormat.crc(payload.duplicate()) != crc) {
            return Read.bad("checksum mismatch");
        }
        StoredMessage message;
        try {
            message = LogFormat.decode(payload);
        } catch (LogFormat.CorruptRecordException e) {
            return Read.bad("unreadable record: " + e.getMessage());
        }
        if (message.id() <= lastId) {
            return Read.bad("message id " + message.id() + " after " + lastId);
        }
        return new Read(message, LogFormat.RECORD_HEADER_BYTES + length, null);
    }

    /** The first offset from {@code from} on where a good record with an id above {@code lastId} starts, or -1. */
    private long nextGood(long from, long lastId) throws IOException {
        for (long offset = from; offset + MIN_RECORD_BYTES <= fileSize; offset++) {
            if (readAt(offset, lastId).message() != null) {
                return offset;
            }
        }
        return -1;
    }

    /** Whether every byte from {@code offset} to the end is zero: a file extended but never written. */
    private boolean allZero(long offset) throws IOException {
        for (long at = offset; at < fileSize; at += READ_BUFFER_BYTES / 2) {
            int count = (int) Math.min(READ_BUFFER_BYTES / 2, fileSize - at);
            ByteBuffer bytes = bytesAt(at, count);
            while (bytes.hasRemaining()) {
                if (bytes.get() != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The {@code count} bytes of the file at {@code offset}, or null when the file ends before them. */
    private ByteBuffer bytesAt(long offset, int count) throws IOException {
        if (offset + count > fileSize) {
            return null;
        }
        if (offset < bufferStart || offset + count > bufferStart + buffer.limit()) {
            fill(offset);
        }
        int at = (int) (offset - bufferStart);
        return buffer.slice(at, count);
    }

    private void fill(long offset) throws IOException {
        buffer.clear();
        bufferStart = offset;
        while (buffer.hasRemaining() && bufferStart + buffer.position() < fileSize) {
            if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        if (buffer.limit() < Math.min(buffer.capacity(), fileSize - offset)) {
            throw new IOException("log file shrank while it was being read");
        }
    }
}
