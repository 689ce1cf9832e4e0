package scalablechat.session.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Reads a room log from the first record to the first one that is torn or corrupt, keeping only the newest
 * messages in memory, so a log of any length opens in bounded memory.
 */
final class LogScanner {
    private static final int READ_BUFFER_BYTES = 2 * (LogFormat.RECORD_HEADER_BYTES + LogFormat.MAX_PAYLOAD_BYTES);

    /**
     * What the scan found.
     *
     * @param goodEnd the offset just past the last good record: where the next record goes
     * @param problem why the scan stopped before the end of the file, or null when the whole file is good
     */
    record Result(long lastId, long goodEnd, List<StoredMessage> recent, String problem) {}

    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_BYTES).limit(0);
    private long bufferStart;

    private LogScanner(FileChannel channel, long fileSize) {
        this.channel = channel;
        this.fileSize = fileSize;
    }

    static Result scan(FileChannel channel, int retained) throws IOException {
        return new LogScanner(channel, channel.size()).scan(retained);
    }

    private Result scan(int retained) throws IOException {
        ArrayDeque<StoredMessage> recent = new ArrayDeque<>(Math.min(retained, 1024));
        long position = LogFormat.HEADER_BYTES;
        long lastId = 0;
        String problem = null;
        while (position < fileSize) {
            ByteBuffer head = bytesAt(position, LogFormat.RECORD_HEADER_BYTES);
            if (head == null) {
                problem = "torn record header";
                break;
            }
            int length = head.getInt();
            int crc = head.getInt();
            if (length < LogFormat.MIN_PAYLOAD_BYTES || length > LogFormat.MAX_PAYLOAD_BYTES) {
                problem = "impossible record length " + Integer.toUnsignedString(length);
                break;
            }
            ByteBuffer payload = bytesAt(position + LogFormat.RECORD_HEADER_BYTES, length);
            if (payload == null) {
                problem = "torn record (" + length + " bytes announced, " + (fileSize - position - 8) + " present)";
                break;
            }
            if (LogFormat.crc(payload.duplicate()) != crc) {
                problem = "checksum mismatch";
                break;
            }
            StoredMessage message;
            try {
                message = LogFormat.decode(payload);
            } catch (LogFormat.CorruptRecordException e) {
                problem = "unreadable record: " + e.getMessage();
                break;
            }
            if (message.id() != lastId + 1) {
                problem = "message id " + message.id() + " where " + (lastId + 1) + " was expected";
                break;
            }
            if (retained > 0) {
                if (recent.size() == retained) {
                    recent.removeFirst();
                }
                recent.addLast(message);
            }
            lastId = message.id();
            position += LogFormat.RECORD_HEADER_BYTES + length;
        }
        return new Result(lastId, position, List.copyOf(recent), problem);
    }

    /** The {@code count} bytes of the file at {@code offset}, or null when the file ends before them. */
    private ByteBuffer bytesAt(long offset, int count) throws IOException {
        if (offset + count > fileSize) {
            return null;
        }
        if (offset < bufferStart || offset + count > bufferStart + buffer.limit()) {
            fill(offset);
        }
        int start = (int) (offset - bufferStart);
        return buffer.slice(start, count);
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
