package scalablechat.session.store;

import scalablechat.common.RoomIds;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The room logs in one data directory: {@code DATA_DIR/rooms/<room>.log}, each with its {@code .lock} file.
 * Several processes may share the directory; each room's log is open in at most one of them at a time.
 */
public final class RoomStore {
    public static final int DEFAULT_HISTORY_SIZE = 1000;
    /** The protocol's welcome frame carries the newest 100 messages, so a room keeps at least that many. */
    public static final int MIN_HISTORY_SIZE = 100;
    public static final int MAX_HISTORY_SIZE = 1_000_000;
    /** MAX_ROOM_LOG_BYTES's default: about two million messages of a hundred characters. */
    public static final long DEFAULT_MAX_LOG_BYTES = 256L * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(RoomStore.class.getName());

    private final Path roomsDir;
    private final FsyncPolicy policy;
    private final int retainedMessages;
    private final ChannelOpener opener;
    private final CommitListener listener;
    private final long maxLogBytes;

    /**
     * @param retainedMessages how many of the newest messages {@link RoomLog#recent()} loads at open
     */
    public RoomStore(Path dataDir, FsyncPolicy policy, int retainedMessages) {
        this(dataDir, policy, retainedMessages, ChannelOpener.FILES, CommitListener.NONE);
    }

    /** As {@link #RoomStore(Path, FsyncPolicy, int)}, telling {@code listener} of every batch committed. */
    public RoomStore(Path dataDir, FsyncPolicy policy, int retainedMessages, CommitListener listener) {
        this(dataDir, policy, retainedMessages, ChannelOpener.FILES, listener);
    }

    RoomStore(Path dataDir, FsyncPolicy policy, int retainedMessages, ChannelOpener opener) {
        this(dataDir, policy, retainedMessages, opener, CommitListener.NONE);
    }

    RoomStore(Path dataDir, FsyncPolicy policy, int retainedMessages, ChannelOpener opener,
                      CommitListener listener) {
        this(dataDir, policy, retainedMessages, opener, listener, DEFAULT_MAX_LOG_BYTES);
    }

    /**
     * As {@link #RoomStore(Path, FsyncPolicy, int, CommitListener)}, with each log limited to {@code maxLogBytes}:
     * an append that would pass it fails with {@link RoomLogFullException}.
     */
    public RoomStore(Path dataDir, FsyncPolicy policy, int retainedMessages, CommitListener listener, long maxLogBytes) {
        this(dataDir, policy, retainedMessages, ChannelOpener.FILES, listener, maxLogBytes);
    }

    RoomStore(Path dataDir, FsyncPolicy policy, int retainedMessages, ChannelOpener opener,
              CommitListener listener, long maxLogBytes) {
        if (maxLogBytes < LogFormat.HEADER_BYTES) {
            throw new IllegalArgumentException("maxLogBytes must leave room for the header");
        }
        this.maxLogBytes = maxLogBytes;
        if (retainedMessages < 0) {
            throw new IllegalArgumentException("retainedMessages must not be negative");
        }
        this.roomsDir = dataDir.toAbsolutePath().normalize().resolve("rooms");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retainedMessages = retainedMessages;
        this.opener = opener;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public FsyncPolicy policy() {
        return policy;
    }

    public int retainedMessages() {
        return retainedMessages;
    }

    /**
     * True when the room has a log in this directory (it may be open in another process).
     *
     * @throws IllegalArgumentException for an id that is not a valid room id
     */
    public boolean exists(String roomId) {
        return Files.exists(logFile(roomId));
    }

    /**
     * Opens the room's log, creating it for a new room, and locks it for this process. A torn or corrupt
     * tail is cut off (with a warning, and a copy of the cut bytes next to the log).
     *
     * @throws RoomLockedException            when the log is open elsewhere, in this process or another
     * @throws UnsupportedLogVersionException when a newer server wrote the log
     * @throws IOException                    when the file cannot be opened or is not a room log
     * @throws IllegalArgumentException       for an id that is not a valid room id
     */
    public RoomLog open(String roomId) throws IOException {
        try {
            return openLocked(roomId);
        } catch (FileSystemException e) {
            // e.g. "Read-only file system", "Permission denied", "No space left on device"
            throw new IOException("room " + roomId + ": cannot open its log for writing: " + e.getMessage(), e);
        }
    }

    private RoomLog openLocked(String roomId) throws IOException {
        Path log = logFile(roomId);
        Files.createDirectories(roomsDir);
        Path realDir = roomsDir.toRealPath();
        RoomLock lock = RoomLock.acquire(roomId, realDir.resolve(fileName(roomId) + ".lock"));
        FileChannel channel = null;
        try {
            boolean created = !Files.exists(log);
            channel = opener.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (channel.size() < LogFormat.HEADER_BYTES) {
                startLog(roomId, log, channel, created);
            } else {
                checkHeader(roomId, log, channel);
            }
            LogScanner.Result scanned = LogScanner.scan(channel, retainedMessages);
            for (LogScanner.Skipped skipped : scanned.skipped()) {
                LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": skipped " + skipped.bytes()
                        + " damaged bytes of " + log + " at offset " + skipped.offset() + " (" + skipped.problem()
                        + "); messages " + (skipped.lastIdBefore() + 1) + " to " + (skipped.nextId() - 1)
                        + " are lost, the good records after them are kept");
            }
            long tailIds = 0;
            if (scanned.problem() != null) {
                tailIds = cutTail(roomId, log, channel, scanned);
            }
            long firstFreeId = Math.max(scanned.lastId() + tailIds, highestCutId(roomId, log)) + 1;
            if (firstFreeId > scanned.lastId() + 1) {
                LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": ids " + (scanned.lastId() + 1) + " to "
                        + (firstFreeId - 1) + " may have been given to messages that are damaged or cut off;"
                        + " new messages start at " + firstFreeId + " so that no id is given twice");
            }
            return new RoomLog(roomId, channel, lock, policy, scanned, firstFreeId - 1, listener, maxLogBytes);
        } catch (IOException | RuntimeException e) {
            try (lock) {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Path logFile(String roomId) {
        return roomsDir.resolve(fileName(roomId) + ".log");
    }

    /**
     * The room id as a file name that no other room id maps to, even on a case-insensitive file system
     * (macOS, Windows): each capital letter becomes {@code ^} and its small letter ("MyRoom" → "^my^room").
     */
    static String fileName(String roomId) {
        if (!RoomIds.isValid(roomId)) {
            throw new IllegalArgumentException("not a valid room id: " + roomId);
        }
        StringBuilder name = new StringBuilder(roomId.length() + 8);
        for (char c : roomId.toCharArray()) {
            if (c >= 'A' && c <= 'Z') {
                name.append('^').append((char) (c - 'A' + 'a'));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }

    /** A new log, or one whose creator died while writing its header: nothing but a header can be lost. */
    private void startLog(String roomId, Path log, FileChannel channel, boolean created) throws IOException {
        ByteBuffer existing = ByteBuffer.allocate((int) channel.size());
        channel.read(existing, 0);
        if (!LogFormat.isPrefixOfHeader(existing.array())) {
            throw new IOException("room " + roomId + ": " + log + " is not a room log (unknown header); left untouched");
        }
        ByteBuffer header = LogFormat.header();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        if (policy == FsyncPolicy.ALWAYS) {
            channel.force(true);
            if (created) {
                syncDirectory(); // the new file's name must survive a crash as well as its bytes
            }
        }
    }

    private static void checkHeader(String roomId, Path log, FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(LogFormat.HEADER_BYTES);
        while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
            // read the whole header
        }
        if (!LogFormat.hasMagic(header)) {
            throw new IOException("room " + roomId + ": " + log + " is not a room log (unknown header); left untouched");
        }
        int version = LogFormat.version(header);
        if (version > LogFormat.VERSION) {
            throw new UnsupportedLogVersionException("room " + roomId + ": " + log + " has log format version "
                    + Integer.toUnsignedString(version) + ", newer than the " + LogFormat.VERSION
                    + " this server reads; run a newer server. The file was left untouched");
        }
        if (version != LogFormat.VERSION) {
            throw new IOException("room " + roomId + ": " + log + " has an invalid log format version " + version
                    + "; left untouched");
        }
    }

    /**
     * Cuts a torn or corrupt tail so appends continue after the last good record. The cut bytes are copied
     * next to the log first: usually they are a half-written record, but after disk corruption they may hold
     * good messages that an operator can still rescue.
     */
    private long cutTail(String roomId, Path log, FileChannel channel, LogScanner.Result scanned) throws IOException {
        long size = channel.size();
        Path copy = log.resolveSibling(log.getFileName() + ".cut-" + scanned.goodEnd());
        String saved;
        try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < size - scanned.goodEnd()) {
                long n = channel.transferTo(scanned.goodEnd() + done, size - scanned.goodEnd() - done, out);
                if (n <= 0) {
                    throw new IOException("copied " + done + " bytes, then nothing");
                }
                done += n;
            }
            out.force(true);
            saved = "copied to " + copy;
        } catch (IOException e) {
            saved = "could not copy them to " + copy + ": " + e;
        }
        channel.truncate(scanned.goodEnd());
        if (policy == FsyncPolicy.ALWAYS) {
            channel.force(true);
        }
        LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": cut " + (size - scanned.goodEnd())
                + " bytes off the end of " + log + " at offset " + scanned.goodEnd() + " (" + scanned.problem()
                + "); kept messages 1 to " + scanned.lastId() + "; the cut bytes were " + saved);
        // Cut bytes may have held messages people saw (a damaged last record looks just like a half-written one):
        // their ids are not given again, one for each smallest record that fits in the cut bytes.
        return scanned.blankTail() ? 0 : (size - scanned.goodEnd()) / LogScanner.MIN_RECORD_BYTES;
    }

    /** The highest id in the good records of this log's earlier cut-off tails ({@code .cut-*} files), or 0. */
    private long highestCutId(String roomId, Path log) {
        long highest = 0;
        try (var cuts = Files.newDirectoryStream(log.getParent(), log.getFileName() + ".cut-*")) {
            for (Path cut : cuts) {
                try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.READ)) {
                    highest = Math.max(highest, LogScanner.highestId(channel));
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": cannot read its cut-off tails: " + e);
        }
        return highest;
    }

    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(roomsDir, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // Not every platform can sync a directory; Linux can, and that is where it matters.
            LOG.log(System.Logger.Level.DEBUG, "cannot sync " + roomsDir + ": " + e);
        }
    }
}
