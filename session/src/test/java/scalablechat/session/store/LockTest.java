package scalablechat.session.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.appendAndWait;
import static scalablechat.session.store.LogFiles.message;

/** At most one open log per room, in this JVM and across processes; a killed holder frees it. */
class LockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondOpenInTheSameProcessIsRefusedEvenThroughAnotherPath() throws Exception {
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        Path sameDir = Files.createSymbolicLink(tmp.resolve("link"), dataDir);
        RoomStore first = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        RoomStore second = new RoomStore(sameDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog log = first.open("r1")) {
            appendAndWait(log, message("hello"));
            RoomLockedException e = assertThrows(RoomLockedException.class, () -> second.open("r1"));
            assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
            try (RoomLog other = second.open("r2")) {
                assertEquals(0, other.lastId(), "other rooms are not affected");
            }
            assertEquals(2, appendAndWait(log, message("still the owner")).id());
        }
        try (RoomLog log = second.open("r1")) {
            assertEquals(2, log.lastId());
        }
    }

    @Test
    void anotherProcessCannotOpenAHeldRoomUntilTheHolderIsKilled() throws Exception {
        Path dataDir = tmp.resolve("data");
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (ChildJvm holder = ChildJvm.start(tmp, "hold", dataDir.toString(), "r1")) {
            assertEquals("OPEN 0", holder.nextLine());
            RoomLockedException e = assertThrows(RoomLockedException.class, () -> store.open("r1"));
            assertTrue(e.getMessage().contains("another process (pid " + holder.pid() + ")"), e.getMessage());

            holder.kill();
            try (RoomLog log = store.open("r1")) {
                assertEquals(1, appendAndWait(log, message("after the holder died")).id());
            }
        }
    }

    @Test
    void aRefusedSecondOpenInThisProcessKeepsTheLockAgainstOtherProcesses() throws Exception {
        Path dataDir = tmp.resolve("data");
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog log = store.open("r1")) {
            // On Linux, closing any descriptor of a locked file drops the process's lock: the refusal must not.
            assertThrows(RoomLockedException.class, () -> store.open("r1"));
            try (ChildJvm other = ChildJvm.start(tmp, "try", dataDir.toString(), "r1")) {
                String answer = other.nextLine();
                assertTrue(answer.startsWith("LOCKED room r1 is open in another process (pid "
                        + ProcessHandle.current().pid() + ")"), answer);
            }
            assertEquals(1, appendAndWait(log, message("still mine")).id());
        }
    }
}
