package scalablechat.session.store;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.WAIT_SECONDS;
import static scalablechat.session.store.LogFiles.appendAndWait;
import static scalablechat.session.store.LogFiles.message;

/** What a room log tells its {@link CommitListener}: one report per batch, with its size, bytes and sync time. */
class CommitListenerTest {
    @TempDir
    Path dataDir;

    /** Every report, as the writer thread gave it. */
    private static final class Recorder implements CommitListener {
        record Commit(int messages, int bytes, long syncNanos, long commitNanos) {}

        final List<Commit> commits = new ArrayList<>();
        final List<Integer> failures = new ArrayList<>();

        @Override
        public synchronized void committed(int messages, int bytes, long syncNanos, long commitNanos) {
            commits.add(new Commit(messages, bytes, syncNanos, commitNanos));
        }

        @Override
        public synchronized void failed(int messages) {
            failures.add(messages);
        }
    }

    @Test
    void eachBatchIsReportedBeforeItsAppendsComplete() throws Exception {
        Recorder recorder = new Recorder();
        AtomicReference<FaultyChannel> channel = new AtomicReference<>();
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100, (path, options) -> {
            channel.set(new FaultyChannel(FileChannel.open(path, options)));
            return channel.get();
        }, recorder);
        try (RoomLog log = store.open("metered")) {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            channel.get().forceEntered = entered;
            channel.get().forceGate = gate;
            CompletableFuture<StoredMessage> first = log.append(message("first"));
            assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the writer syncs the first message");
            List<CompletableFuture<StoredMessage>> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                queued.add(log.append(message("queued " + i)));
            }
            assertEquals(5, log.waitingAppends(), "the five wait while the first syncs");
            channel.get().forceGate = null;
            gate.countDown();
            first.get(WAIT_SECONDS, TimeUnit.SECONDS);
            synchronized (recorder) {
                // The writer may already have committed the next batch; the first batch must be in.
                assertFalse(recorder.commits.isEmpty(), "reported before the append completed");
                assertEquals(1, recorder.commits.get(0).messages());
            }
            for (CompletableFuture<StoredMessage> append : queued) {
                append.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertEquals(0, log.waitingAppends());
        }
        assertEquals(List.of(1, 5), recorder.commits.stream().map(Recorder.Commit::messages).toList());
        long records = Files.size(LogFiles.logFile(dataDir, "metered")) - LogFormat.HEADER_BYTES;
        assertEquals(records, recorder.commits.stream().mapToLong(Recorder.Commit::bytes).sum());
        for (Recorder.Commit commit : recorder.commits) {
            assertTrue(commit.syncNanos() >= 0 && commit.commitNanos() >= commit.syncNanos(), commit.toString());
        }
        assertEquals(List.of(), recorder.failures);
    }

    @Test
    void withoutFsyncThereIsNoSyncTimeAndFailuresAreReported() throws Exception {
        Recorder recorder = new Recorder();
        AtomicReference<FaultyChannel> channel = new AtomicReference<>();
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.NEVER, 100, (path, options) -> {
            channel.set(new FaultyChannel(FileChannel.open(path, options)));
            return channel.get();
        }, recorder);
        try (RoomLog log = store.open("unsynced")) {
            appendAndWait(log, message("one"));
            channel.get().writeFault = new IOException("No space left on device");
            CompletableFuture<StoredMessage> refused = log.append(message("refused"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException);
            channel.get().writeFault = null;
            appendAndWait(log, message("two"));
        }
        assertEquals(List.of(1, 1), recorder.commits.stream().map(Recorder.Commit::messages).toList());
        assertEquals(List.of(-1L, -1L), recorder.commits.stream().map(Recorder.Commit::syncNanos).toList());
        assertEquals(List.of(1), recorder.failures);
    }
}
