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
            assertOpensWithFirstFour(dir, "cut at " + cut);
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
            assertOpensWithFirstFour(dir, "flipped byte at " + at);
        }
    }

    @Test
    void damageInTheMiddleKeepsWhatIsBeforeAndSavesWhatIsCut() throws Exception {
        int secondRecordStart = LogFormat.HEADER_BYTES + LogFormat.recordBytes(
                LogFormat.encodeBody(message("m1")));
        byte[] damaged = goodLog.clone();
        damaged[secondRecordStart + 20] ^= 1;
        Path dir = tmp.resolve("middle");
        writeLog(dir, damaged);
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog();
             RoomLog log = new RoomStore(dir, FsyncPolicy.ALWAYS, 100).open(ROOM)) {
            assertEquals(1, log.lastId());
            assertEquals(firstFour.subList(0, 1), log.recent());
            String warning = captured.messages(Level.WARNING).getFirst();
            assertTrue(warning.contains("checksum mismatch") && warning.contains("kept messages 1 to 1"), warning);
        }
        Path cut = LogFiles.logFile(dir, ROOM).resolveSibling(RoomStore.fileName(ROOM) + ".log.cut-" + secondRecordStart);
        assertArrayEquals(Arrays.copyOfRange(damaged, secondRecordStart, damaged.length), Files.readAllBytes(cut));
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
        try (RoomLog log = store.open(ROOM)) {
            assertEquals(5, log.lastId(), what);
            assertEquals("the last one", log.recent().getLast().text(), what);
            assertEquals("c-5", log.recent().getLast().cid(), what);
        }
        assertArrayEquals(goodLog, Files.readAllBytes(LogFiles.logFile(dir, ROOM)), what);
    }

    /** Opens with messages 1-4, has cut the file back to them, and continues with id 5; a reopen is clean. */
    private void assertOpensWithFirstFour(Path dir, String what) throws Exception {
        RoomStore store = new RoomStore(dir, FsyncPolicy.ALWAYS, 100);
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog()) {
            try (RoomLog log = store.open(ROOM)) {
                assertEquals(4, log.lastId(), what);
                assertEquals(firstFour, log.recent(), what);
                assertEquals(lastRecordStart, Files.size(LogFiles.logFile(dir, ROOM)), what);
                assertEquals(5, appendAndWait(log, message("replacement")).id(), what);
            }
            boolean nothingToCut = what.equals("cut at " + lastRecordStart);
            assertEquals(nothingToCut, captured.messages(Level.WARNING).isEmpty(), what + ": warns when it cuts");
        }
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog(); RoomLog log = store.open(ROOM)) {
            assertEquals(5, log.lastId(), what);
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
