package scalablechat.session.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.WAIT_SECONDS;
import static scalablechat.session.store.LogFiles.message;

class GroupCommitTest {
    @TempDir
    Path dataDir;

    @Test
    void everythingQueuedDuringASyncSharesTheNextSync() throws Exception {
        AtomicReference<FaultyChannel> channel = new AtomicReference<>();
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100,
                (path, options) -> {
                    channel.set(new FaultyChannel(java.nio.channels.FileChannel.open(path, options)));
                    return channel.get();
                });
        try (RoomLog log = store.open("batch")) {
            long forcesAtOpen = log.forceCount();
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch gate = new CountDownLatch(1);
            channel.get().forceEntered = entered;
            channel.get().forceGate = gate;

            CompletableFuture<StoredMessage> first = log.append(message("first"));
            assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS), "the writer should sync the first message");
            List<CompletableFuture<StoredMessage>> queued = new ArrayList<>();
            for (int i = 0; i < 99; i++) {
                queued.add(log.append(message("queued " + i)));
            }
            assertFalse(first.isDone(), "not durable before its sync returns");
            channel.get().forceGate = null;
            gate.countDown();

            assertEquals(1, first.get(WAIT_SECONDS, TimeUnit.SECONDS).id());
            for (int i = 0; i < queued.size(); i++) {
                assertEquals(i + 2, queued.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS).id());
            }
            assertEquals(2, log.forceCount() - forcesAtOpen, "one sync for the first, one for the 99 behind it");
            assertEquals(2, log.batchCount());
        }
    }

    @Test
    void concurrentAppendersShareSyncs() throws Exception {
        int appenders = 100;
        int perAppender = 30;
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog log = store.open("busy");
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            long forcesAtOpen = log.forceCount();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                int appender = a;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < perAppender; i++) {
                        log.append(message(appender + "/" + i)).get(WAIT_SECONDS, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            long appends = (long) appenders * perAppender;
            long forces = log.forceCount() - forcesAtOpen;
            assertEquals(appends, log.lastId());
            assertTrue(forces < appends / 2, forces + " syncs for " + appends + " appends: no group commit");
        }
    }
}
