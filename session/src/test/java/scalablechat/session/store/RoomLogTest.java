package scalablechat.session.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.WAIT_SECONDS;
import static scalablechat.session.store.LogFiles.appendAll;
import static scalablechat.session.store.LogFiles.appendAndWait;
import static scalablechat.session.store.LogFiles.message;

class RoomLogTest {
    @TempDir
    Path dataDir;

    @Test
    void idsStartAtOneAndContinueAfterReopen() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        assertFalse(store.exists("r1"));
        List<StoredMessage> first;
        try (RoomLog log = store.open("r1")) {
            assertEquals(0, log.lastId());
            assertEquals(List.of(), log.recent());
            first = appendAll(log, 5);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), first.stream().map(StoredMessage::id).toList());
            assertEquals(5, log.lastId());
        }
        assertTrue(store.exists("r1"));
        try (RoomLog log = store.open("r1")) {
            assertEquals(5, log.lastId());
            assertEquals(first, log.recent());
            assertEquals(6, appendAndWait(log, message("after reopen")).id());
        }
        try (RoomLog log = store.open("r1")) {
            assertEquals(6, log.lastId());
            assertEquals("after reopen", log.recent().getLast().text());
        }
    }

    @Test
    void everyFieldSurvivesTheDisk() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        List<NewMessage> sent = List.of(
                new NewMessage("bob", "hi", 1_764_244_800_000L, "c-17"),
                new NewMessage("zoë", "emoji 😀, CJK 漢字, quotes \" and newline\n", -1L, null),
                new NewMessage("u", "", Long.MAX_VALUE, ""),
                new NewMessage("x".repeat(64), "y".repeat(1000), 0L, "c".repeat(64)));
        try (RoomLog log = store.open("fields")) {
            for (NewMessage m : sent) {
                StoredMessage stored = appendAndWait(log, m);
                assertEquals(m.withId(stored.id()), stored);
            }
        }
        try (RoomLog log = store.open("fields")) {
            List<StoredMessage> expected = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                expected.add(sent.get(i).withId(i + 1));
            }
            assertEquals(expected, log.recent());
        }
    }

    @Test
    void recentHoldsOnlyTheNewestButIdsContinueFromTheTrueLast() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.NEVER, 3);
        try (RoomLog log = store.open("r1")) {
            appendAll(log, 10);
        }
        try (RoomLog log = store.open("r1")) {
            assertEquals(List.of(8L, 9L, 10L), log.recent().stream().map(StoredMessage::id).toList());
            assertEquals(List.of("m8", "m9", "m10"), log.recent().stream().map(StoredMessage::text).toList());
            assertEquals(11, appendAndWait(log, message("next")).id());
        }
        try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.NEVER, 0).open("r1")) {
            assertEquals(List.of(), log.recent());
            assertEquals(11, log.lastId());
        }
    }

    @Test
    void completionsComeInAppendOrderWithRisingIds() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        List<Long> completed = Collections.synchronizedList(new ArrayList<>());
        try (RoomLog log = store.open("order")) {
            List<CompletableFuture<StoredMessage>> futures = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                CompletableFuture<StoredMessage> f = log.append(message("m" + i));
                f.thenAccept(m -> completed.add(m.id()));
                futures.add(f);
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            for (int i = 0; i < futures.size(); i++) {
                assertEquals("m" + i, futures.get(i).join().text());
                assertEquals(i + 1, futures.get(i).join().id());
            }
        }
        assertEquals(LongStream.rangeClosed(1, 2000).boxed().toList(), completed);
    }

    @Test
    void neverPolicyStoresWithoutSyncing() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.NEVER, 100);
        try (RoomLog log = store.open("fast")) {
            appendAll(log, 50);
            assertEquals(0, log.forceCount());
        }
        try (RoomLog log = store.open("fast")) {
            assertEquals(50, log.lastId());
        }
    }

    @Test
    void refusesWhatItCannotStoreFaithfullyAndStaysUsable() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog log = store.open("bad")) {
            assertThrows(IllegalArgumentException.class, () -> log.append(message("lone surrogate \ud800")));
            assertThrows(IllegalArgumentException.class, () -> log.append(message("x".repeat(70_000))));
            assertEquals(1, appendAndWait(log, message("fine")).id());
        }
    }

    @Test
    void appendAfterCloseIsAnErrorAndCloseTwiceIsNot() throws Exception {
        RoomLog log = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100).open("closed");
        CompletableFuture<StoredMessage> last = log.append(message("queued before close"));
        log.close();
        assertEquals(1, last.getNow(null).id()); // close waited for it
        log.close();
        assertThrows(IllegalStateException.class, () -> log.append(message("too late")));
    }

    @Test
    void roomIdsMapToDistinctSafeFileNames() throws Exception {
        assertEquals("^my^room", RoomStore.fileName("MyRoom"));
        assertEquals("abc_-9", RoomStore.fileName("abc_-9"));
        assertNotEquals(RoomStore.fileName("Ab").toLowerCase(), RoomStore.fileName("ab").toLowerCase());
        for (String bad : new String[] {"", "../x", "a/b", "a.b", "x".repeat(65), "é"}) {
            assertThrows(IllegalArgumentException.class, () -> RoomStore.fileName(bad), bad);
        }
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog upper = store.open("Ab"); RoomLog lower = store.open("ab")) {
            appendAndWait(upper, message("upper"));
            assertEquals(0, lower.lastId());
        }
        assertThrows(IllegalArgumentException.class, () -> store.open("../etc"));
        assertTrue(Files.exists(dataDir.resolve("rooms/^ab.log")));
    }
}
