package scalablechat.session.store;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.WAIT_SECONDS;
import static scalablechat.session.store.LogFiles.appendAll;
import static scalablechat.session.store.LogFiles.appendAndWait;
import static scalablechat.session.store.LogFiles.message;

/**
 * A real full disk and a real read-only directory. The full disk needs a tmpfs mount (root), else the test
 * is skipped: {@link FaultTest} covers the same writer paths through injected faults on any machine.
 */
class DiskTest {
    private static final String ROOM = "r1";

    @TempDir
    Path tmp;

    @Test
    void aFullDiskRefusesMessagesDamagesNothingAndRecoversWhenSpaceReturns() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("small"), "256k")) {
            Assumptions.assumeTrue(disk != null, "mounting a tmpfs needs root");
            Path filler = disk.dir().resolve("filler");
            Files.write(filler, new byte[96 * 1024]);
            Path dataDir = disk.dir().resolve("data");
            RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 1000);
            List<String> stored = new ArrayList<>();
            try (RoomLog log = store.open(ROOM)) {
                IOException full = null;
                for (int i = 0; i < 1000 && full == null; i++) {
                    String text = i + " " + "x".repeat(1000);
                    try {
                        assertEquals(stored.size() + 1, log.append(message(text)).get(WAIT_SECONDS, TimeUnit.SECONDS).id());
                        stored.add(text);
                    } catch (ExecutionException e) {
                        full = assertInstanceOf(IOException.class, e.getCause());
                    }
                }
                assertTrue(full != null && full.getMessage().contains("No space left on device"), String.valueOf(full));
                assertEquals(stored.size(), log.lastId());
                assertThrows(ExecutionException.class, () -> log.append(message("x".repeat(1000))).get());

                Files.delete(filler);
                assertEquals(stored.size() + 1, appendAndWait(log, message("space is back")).id());
                stored.add("space is back");
            }
            try (RoomLog log = store.open(ROOM)) {
                assertEquals(stored, log.recent().stream().map(StoredMessage::text).toList());
            }
        }
    }

    @Test
    void aReadOnlyDirectoryRefusesToOpenTheRoomAndDamagesNothing() throws Exception {
        Path base = tmp.resolve("ro");
        Files.createDirectories(base);
        if (!isPermissionChecked(base)) {
            try (Tmpfs disk = Tmpfs.mount(base, "1m")) {
                Assumptions.assumeTrue(disk != null, "root ignores file modes, and mounting a tmpfs failed");
                checkReadOnly(base.resolve("data"), () -> disk.remount("ro"), () -> disk.remount("rw"));
            }
        } else {
            Path dataDir = base.resolve("data");
            checkReadOnly(dataDir, () -> setWritable(dataDir, false), () -> setWritable(dataDir, true));
        }
    }

    private void checkReadOnly(Path dataDir, Step makeReadOnly, Step makeWritable) throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 3);
        }
        byte[] before = Files.readAllBytes(LogFiles.logFile(dataDir, ROOM));
        makeReadOnly.run();
        try {
            IOException e = assertThrows(IOException.class, () -> store.open(ROOM));
            assertFalse(e instanceof RoomLockedException, e.toString());
            assertTrue(e.getMessage().startsWith("room r1: cannot open its log for writing: "), e.getMessage());
            assertThrows(IOException.class, () -> store.open("new-room"));
            assertTrue(store.exists(ROOM));
        } finally {
            makeWritable.run();
        }
        assertArrayEquals(before, Files.readAllBytes(LogFiles.logFile(dataDir, ROOM)));
        try (RoomLog log = store.open(ROOM)) {
            assertEquals(3, log.lastId());
            assertEquals(4, appendAndWait(log, message("writable again")).id());
        }
    }

    private static boolean isPermissionChecked(Path dir) throws IOException {
        Path probe = Files.createDirectories(dir.resolve("probe"));
        try {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("r-xr-xr-x"));
            return !Files.isWritable(probe);
        } finally {
            Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(probe);
        }
    }

    private static void setWritable(Path dataDir, boolean writable) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.toList()) {
                String mode = Files.isDirectory(p) ? (writable ? "rwxr-xr-x" : "r-xr-xr-x")
                        : (writable ? "rw-r--r--" : "r--r--r--");
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
            }
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
