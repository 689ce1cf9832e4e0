package scalablechat.session.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.appendAll;
import static scalablechat.session.store.LogFiles.appendAndWait;
import static scalablechat.session.store.LogFiles.message;

/** Logs with torn, corrupt or foreign bytes open with every good record and nothing else. */
class RecoveryTest {
    private static final String ROOM = "r1";

    @TempDir
    Path tmp;
    /** A good log of 5 messages; the last record starts at {@link #lastRecordStart}. */
    private byte[] goodLog;
    private int lastRecordStart;
    private List<StoredMessage> firstFour;

    @BeforeEach
    void writeGoodLog() throws Exception {
        Path dir = tmp.resolve("original");
        RoomStore store = new RoomStore(dir, FsyncPolicy.NEVER, 100);
        try (RoomLog log = store.open(ROOM)) {
            firstFour = appendAll(log, 4);
        }
        lastRecordStart = (int) Files.size(LogFiles.logFile(dir, ROOM));
        try (RoomLog log = store.open(ROOM)) {
            appendAndWait(log, new NewMessage("bob", "the last one", 42L, "c-5"));
        }
        goodLog = Files.readAllBytes(LogFiles.logFile(dir, ROOM));
    }

    @Test
    void everyCutInsideTheLastRecordKeepsTheRecordsBeforeIt() throws Exception {
        for (int cut = lastRecordStart; cut < goodLog.length; cut++) {
            Path dir = tmp.resolve("cut-" + cut);
            writeLog(dir, Arrays.copyOf(goodLog, cut));
            assertOpensWithFirstFour(dir, "cut at " + cut, idsSkippedFor(Arrays.copyOfRange(goodLog, lastRecordStart, cut)));
        }
    }

    @Test
    void garbageAfterTheLastRecordIsCutOff() throws Exception {
        Random random = new Random(4);
        for (int round = 0; round < 50; round++) {
            byte[] garbage = new byte[1 + random.nextInt(300)];
            random.nextBytes(garbage);
            if (round % 3 == 0 && garbage.length >= 4) {
                ByteBuffer.wrap(garbage).putInt(40); // a believable length, so the checksum has to catch it
            }
            assertKeepsAllFive(concat(goodLog, garbage), "garbage round " + round);
        }
        assertKeepsAllFive(concat(goodLog, new byte[4096]), "zeros (a file extended but never written)");
        byte[] lastRecord = Arrays.copyOfRange(goodLog, lastRecordStart, goodLog.length);
        assertKeepsAllFive(concat(goodLog, lastRecord), "the last record again (an id out of sequence)");
    }

    @Test
    void aFlippedByteAnywhereInTheLastRecordCutsIt() throws Exception {
        for (int at = lastRecordStart; at < goodLog.length; at++) {
            byte[] damaged = goodLog.clone();
            damaged[at] ^= (byte) 0xFF;
            Path dir = tmp.resolve("flip-" + at);
            writeLog(dir, damaged);
            // The damaged record was complete, so it may have been shown: its id is never given again.
            assertOpensWithFirstFour(dir, "flipped byte at " + at, idsSkippedFor(Arrays.copyOfRange(damaged, lastRecordStart, damaged.length)));
        }
    }

    @Test
    void damageInTheMiddleIsSkippedAndTheGoodRecordsAfterItAreKept() throws Exception {
        int secondRecordStart = LogFormat.HEADER_BYTES + LogFormat.recordBytes(
                LogFormat.encodeBody(message("m1")));
        byte[] damaged = goodLog.clone();
        damaged[secondRecordStart + 20] ^= 1;
        Path dir = tmp.resolve("middle");
        writeLog(dir, damaged);
        RoomStore store = new RoomStore(dir, FsyncPolicy.ALWAYS, 100);
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog(); RoomLog log = store.open(ROOM)) {
            assertEquals(5, log.lastId());
            assertEquals(List.of(1L, 3L, 4L, 5L), log.recent().stream().map(StoredMessage::id).toList());
            assertEquals("the last one", log.recent().getLast().text());
            String warning = captured.messages(Level.WARNING).getFirst();
            assertTrue(warning.contains("checksum mismatch") && warning.contains("messages 2 to 2 are lost"), warning);
            assertEquals(6, appendAndWait(log, message("after the damage")).id());
        }
        byte[] now = Files.readAllBytes(LogFiles.logFile(dir, ROOM));
        assertArrayEquals(damaged, Arrays.copyOf(now, damaged.length), "the damaged bytes stay where they are");
        try (var files = Files.list(LogFiles.logFile(dir, ROOM).getParent())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".cut-")), "nothing was cut");
        }
        try (RoomLog log = store.open(ROOM)) {
            assertEquals(6, log.lastId(), "a reopen skips the same damage and keeps the new message");
        }
    }

    @Test
    void aBitFlipBeforeAHundredMessagesKeepsThemAndIdsGoOn() throws Exception {
        Path dir = tmp.resolve("hundred");
        RoomStore store = new RoomStore(dir, FsyncPolicy.NEVER, 1000);
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 101);
        }
        byte[] bytes = Files.readAllBytes(LogFiles.logFile(dir, ROOM));
        bytes[LogFormat.HEADER_BYTES + 30] ^= 0x10; // inside message 1
        writeLog(dir, bytes);
        try (RoomLog log = store.open(ROOM)) {
            assertEquals(100, log.recent().size(), "messages 2 to 101 are kept");
            assertEquals(2, log.recent().getFirst().id());
            assertEquals(102, appendAndWait(log, message("next")).id(), "no id is given twice");
        }
    }

    @Test
    void idsInEarlierCutOffTailsAreNeverGivenAgain() throws Exception {
        Path dir = tmp.resolve("old-cut");
        writeLog(dir, Arrays.copyOf(goodLog, lastRecordStart)); // messages 1 to 4
        Path cut = LogFiles.logFile(dir, ROOM).resolveSibling(RoomStore.fileName(ROOM) + ".log.cut-" + lastRecordStart);
        byte[] junk = {1, 2, 3};
        Files.write(cut, concat(junk, Arrays.copyOfRange(goodLog, lastRecordStart, goodLog.length))); // message 5
        try (RoomLog log = new RoomStore(dir, FsyncPolicy.ALWAYS, 100).open(ROOM)) {
            assertEquals(firstFour, log.recent());
            assertEquals(6, appendAndWait(log, message("after the cut")).id());
        }
    }

    @Test
    void aNewerFormatVersionIsRefusedAndLeftUntouched() throws Exception {
        byte[] newer = goodLog.clone();
        ByteBuffer.wrap(newer).putInt(8, 2);
        Path dir = tmp.resolve("newer");
        writeLog(dir, newer);
        RoomStore store = new RoomStore(dir, FsyncPolicy.ALWAYS, 100);
        for (int attempt = 0; attempt < 2; attempt++) { // the refusal releases the room's lock
            UnsupportedLogVersionException e = assertThrows(UnsupportedLogVersionException.class, () -> store.open(ROOM));
            assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("newer"), e.getMessage());
        }
        assertArrayEquals(newer, Files.readAllBytes(LogFiles.logFile(dir, ROOM)));
    }

    @Test
    void aFileThatIsNotARoomLogIsRefusedAndLeftUntouched() throws Exception {
        byte[][] foreign = {
                "hello, this is not a log at all".getBytes(),
                {'S', 'X'}, // shorter than a header and not its beginning
                withVersion(0),
        };
        for (int i = 0; i < foreign.length; i++) {
            Path dir = tmp.resolve("foreign-" + i);
            writeLog(dir, foreign[i]);
            IOException e = assertThrows(IOException.class, () -> new RoomStore(dir, FsyncPolicy.ALWAYS, 100).open(ROOM));
            assertFalse(e instanceof UnsupportedLogVersionException || e instanceof RoomLockedException, e.toString());
            assertArrayEquals(foreign[i], Files.readAllBytes(LogFiles.logFile(dir, ROOM)));
        }
    }

    @Test
    void aTornOrEmptyHeaderStartsAFreshLog() throws Exception {
        for (int length = 0; length < LogFormat.HEADER_BYTES; length++) {
            Path dir = tmp.resolve("header-" + length);
            writeLog(dir, Arrays.copyOf(goodLog, length));
            RoomStore store = new RoomStore(dir, FsyncPolicy.ALWAYS, 100);
            try (RoomLog log = store.open(ROOM)) {
                assertEquals(0, log.lastId(), "header cut at " + length);
                assertEquals(1, appendAndWait(log, message("first")).id());
            }
            try (RoomLog log = store.open(ROOM)) {
                assertEquals(1, log.lastId());
            }
        }
    }

    private void assertKeepsAllFive(byte[] bytes, String what) throws Exception {
        Path dir = tmp.resolve("case-" + Integer.toHexString(Arrays.hashCode(bytes)) + "-" + bytes.length);
        writeLog(dir, bytes);
        RoomStore store = new RoomStore(dir, FsyncPolicy.ALWAYS, 100);
        long skipped = idsSkippedFor(Arrays.copyOfRange(bytes, goodLog.length, bytes.length));
        try (RoomLog log = store.open(ROOM)) {
            assertEquals(5 + skipped, log.lastId(), what);
            assertEquals("the last one", log.recent().getLast().text(), what);
            assertEquals("c-5", log.recent().getLast().cid(), what);
        }
        assertArrayEquals(goodLog, Files.readAllBytes(LogFiles.logFile(dir, ROOM)), what);
    }

    /** Ids the store must skip after cutting {@code tail}: one per smallest record it could hold, none for zeros. */
    private static long idsSkippedFor(byte[] tail) {
        boolean zeros = true;
        for (byte b : tail) {
            zeros &= b == 0;
        }
        return zeros ? 0 : tail.length / LogScanner.MIN_RECORD_BYTES;
    }

    /**
     * Opens with messages 1-4, has cut the file back to them, and continues above every id the cut bytes could have
     * held ({@code skipped} of them); a reopen is clean.
     */
    private void assertOpensWithFirstFour(Path dir, String what, long skipped) throws Exception {
        RoomStore store = new RoomStore(dir, FsyncPolicy.ALWAYS, 100);
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog()) {
            try (RoomLog log = store.open(ROOM)) {
                assertEquals(4 + skipped, log.lastId(), what);
                assertEquals(firstFour, log.recent(), what);
                assertEquals(lastRecordStart, Files.size(LogFiles.logFile(dir, ROOM)), what);
                assertEquals(5 + skipped, appendAndWait(log, message("replacement")).id(), what);
            }
            boolean nothingToCut = what.equals("cut at " + lastRecordStart);
            assertEquals(nothingToCut, captured.messages(Level.WARNING).isEmpty(), what + ": warns when it cuts");
        }
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog(); RoomLog log = store.open(ROOM)) {
            assertEquals(5 + skipped, log.lastId(), what);
            assertEquals("replacement", log.recent().getLast().text(), what);
            assertEquals(List.of(), captured.messages(Level.WARNING), what);
        }
    }

    private byte[] withVersion(int version) {
        byte[] bytes = goodLog.clone();
        ByteBuffer.wrap(bytes).putInt(8, version);
        return bytes;
    }

    private static void writeLog(Path dataDir, byte[] bytes) throws IOException {
        Path file = LogFiles.logFile(dataDir, ROOM);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
