package scalablechat.session.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.WAIT_SECONDS;
import static scalablechat.session.store.LogFiles.appendAll;
import static scalablechat.session.store.LogFiles.appendAndWait;
import static scalablechat.session.store.LogFiles.message;

/** Disk faults on an open log (injected through the channel seam): refused messages, no damage, recovery. */
class FaultTest {
    private static final String ROOM = "faulty";

    @TempDir
    Path dataDir;
    private final AtomicReference<FaultyChannel> channel = new AtomicReference<>();
    private RoomStore store;

    @BeforeEach
    void faultyStore() {
        store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100, (path, options) -> {
            channel.set(new FaultyChannel(FileChannel.open(path, options)));
            return channel.get();
        });
    }

    @Test
    void aWriteThatRunsOutOfSpaceIsRefusedAndLeavesNoTrace() throws Exception {
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog(); RoomLog log = store.open(ROOM)) {
            appendAll(log, 3);
            long goodSize = Files.size(LogFiles.logFile(dataDir, ROOM));
            channel.get().bytesBeforeWriteFault = 30;
            channel.get().writeFault = new IOException("No space left on device");

            List<CompletableFuture<StoredMessage>> refused = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                refused.add(log.append(message("refused " + i)));
            }
            for (CompletableFuture<StoredMessage> f : refused) {
                assertRefused(f, "No space left on device");
            }
            assertEquals(3, log.lastId());
            assertEquals(goodSize, Files.size(LogFiles.logFile(dataDir, ROOM)), "the partial write was cut off");
            assertEquals(1, captured.messages(Level.SEVERE).size(), "one error line for the failure streak");

            channel.get().writeFault = null;
            assertEquals(4, appendAndWait(log, message("space is back")).id(), "no id was used up by the refusals");
            assertTrue(captured.messages(Level.INFO).getFirst().contains("10 messages were refused"));
        }
        assertReopensWith(List.of("m1", "m2", "m3", "space is back"));
    }

    @Test
    void aFailedSyncRefusesTheBatchAndCutsItOff() throws Exception {
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 2);
            channel.get().forceFault = new IOException("Input/output error");
            assertRefused(log.append(message("not durable")), "Input/output error");
            channel.get().forceFault = null;
            assertEquals(3, appendAndWait(log, message("durable")).id());
        }
        assertReopensWith(List.of("m1", "m2", "durable"));
    }

    @Test
    void whenTheCutFailsTooNothingIsWrittenAfterTheGarbageUntilItWorks() throws Exception {
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 2);
            long goodSize = Files.size(LogFiles.logFile(dataDir, ROOM));
            channel.get().bytesBeforeWriteFault = 25;
            channel.get().writeFault = new IOException("Read-only file system");
            channel.get().truncateFault = new IOException("Read-only file system");
            assertRefused(log.append(message("refused")), "Read-only file system");
            assertEquals(goodSize + 25, Files.size(LogFiles.logFile(dataDir, ROOM)), "garbage left behind");

            channel.get().writeFault = null;
            assertRefused(log.append(message("still refused: the garbage is in the way")), "Read-only file system");

            channel.get().truncateFault = null;
            assertEquals(3, appendAndWait(log, message("written where the garbage was")).id());
        }
        try (LogFiles.CapturedLog captured = new LogFiles.CapturedLog()) {
            assertReopensWith(List.of("m1", "m2", "written where the garbage was"));
            assertEquals(List.of(), captured.messages(Level.WARNING), "the file had no garbage left to cut");
        }
    }

    @Test
    void aStalledDiskRefusesNewAppendsOnceTheQueueIsFull() throws Exception {
        try (RoomLog log = store.open(ROOM)) {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            channel.get().forceEntered = entered;
            channel.get().forceGate = gate;
            CompletableFuture<StoredMessage> syncing = log.append(message("stuck in sync"));
            assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS));

            List<CompletableFuture<StoredMessage>> waiting = new ArrayList<>();
            for (int i = 0; i < RoomLog.MAX_WAITING_APPENDS; i++) {
                waiting.add(log.append(message("waiting " + i)));
            }
            CompletableFuture<StoredMessage> overflow = log.append(message("one too many"));
            assertTrue(overflow.isDone(), "refused at once, not queued");
            assertRefused(overflow, "waiting for the disk");

            channel.get().forceGate = null;
            gate.countDown();
            assertEquals(1, syncing.get(WAIT_SECONDS, TimeUnit.SECONDS).id());
            for (int i = 0; i < waiting.size(); i++) {
                assertEquals(i + 2, waiting.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS).id());
            }
        }
    }

    @Test
    void closingInsideACompletionIsRefusedInsteadOfDeadlocking() throws Exception {
        RoomLog log = store.open(ROOM);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        channel.get().forceEntered = entered;
        channel.get().forceGate = gate;
        CompletableFuture<StoredMessage> syncing = log.append(message("m1"));
        assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        AtomicReference<Exception> closeFailure = new AtomicReference<>();
        CompletableFuture<StoredMessage> callbackDone = syncing.whenComplete((m, e) -> {
            try {
                log.close(); // runs on the writer thread: the sync above is still in progress
            } catch (IllegalStateException refused) {
                closeFailure.set(refused);
            }
        });
        channel.get().forceGate = null;
        gate.countDown();
        callbackDone.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(IllegalStateException.class, closeFailure.get());
        assertEquals(2, appendAndWait(log, message("m2")).id(), "the log is still open");
        log.close();
    }

    private static void assertRefused(CompletableFuture<StoredMessage> future, String cause) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains(cause), e.getCause().toString());
    }

    private void assertReopensWith(List<String> texts) throws Exception {
        try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100).open(ROOM)) {
            assertEquals(texts, log.recent().stream().map(StoredMessage::text).toList());
            assertEquals(texts.size(), log.lastId());
        }
    }
}
