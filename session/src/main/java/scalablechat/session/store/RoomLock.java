package scalablechat.session.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The right to write one room's log: an exclusive OS lock on the room's sidecar {@code .lock} file, which the
 * kernel drops when the holding process dies.
 *
 * <p>OS file locks belong to a process, not to a channel: a second channel in the same JVM gets
 * {@link OverlappingFileLockException}, and on Linux closing <em>any</em> descriptor of the file silently
 * drops the process's lock on it. So a second opener in this JVM is refused from an in-memory set of held
 * lock files before it opens the file at all. The lock file holds the holder's pid, for the refusal message.
 */
final class RoomLock implements AutoCloseable {
    private static final Set<Path> HELD_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();
    private static final int PID_BYTES = 20;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RoomLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** @param file an absolute path with no symbolic links, so one file always has one key */
    static RoomLock acquire(String roomId, Path file) throws IOException {
        if (!HELD_BY_THIS_PROCESS.add(file)) {
            throw new RoomLockedException("room " + roomId + " is already open in this process (" + file + ")");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Some code in this JVM locked the file without going through this class.
                throw new RoomLockedException("room " + roomId + " is locked by other code in this process ("
                        + file + ")");
            }
            if (lock == null) {
                throw new RoomLockedException("room " + roomId + " is open in another process"
                        + holderPid(channel) + " (lock " + file + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new RoomLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            HELD_BY_THIS_PROCESS.remove(file);
            throw e;
        }
    }

    private static String holderPid(FileChannel channel) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate(PID_BYTES);
            channel.read(bytes, 0);
            String pid = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("[0-9]{1,19}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            HELD_BY_THIS_PROCESS.remove(file);
        }
    }
}
