package scalablechat.session.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static scalablechat.session.store.LogFiles.WAIT_SECONDS;
import static scalablechat.session.store.LogFiles.appendAll;
import static scalablechat.session.store.LogFiles.message;

/** Issue 15 item 5: pages of older messages read from the log file, anywhere in it, through its sparse index. */
class HistoryPageTest {
    private static final String ROOM = "r1";

    @TempDir
    Path dataDir;

    @Test
    void everyPageFromTheNewestBackToTheFirstMessage() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.NEVER, 100);
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 1000);
            assertPagesBackToTheStart(log, 1001, 1000, 37);
        }
        try (RoomLog log = store.open(ROOM)) { // the index built by the scan at open, not by the writer
            assertPagesBackToTheStart(log, 1001, 1000, 100);
            RoomLog.Page middle = log.before(500, 3);
            assertEquals(List.of(497L, 498L, 499L), ids(middle));
            assertEquals("m497", middle.messages().getFirst().text());
            assertTrue(middle.more());
            assertEquals(List.of(1000L), ids(log.before(Long.MAX_VALUE, 1)), "before any id: the newest");
            RoomLog.Page first = log.before(2, 100);
            assertEquals(List.of(1L), ids(first));
            assertFalse(first.more());
            assertEquals(List.of(), ids(log.before(1, 100)), "nothing before the first");
        }
    }

    @Test
    void anEmptyLogHasNoPages() throws Exception {
        try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100).open(ROOM)) {
            RoomLog.Page page = log.before(10, 100);
            assertEquals(List.of(), page.messages());
            assertFalse(page.more());
        }
    }

    @Test
    void pagesSkipDamageAndStillReachTheStart() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.NEVER, 100);
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 300);
        }
        Path file = LogFiles.logFile(dataDir, ROOM);
        byte[] bytes = Files.readAllBytes(file);
        int recordBytes = LogFormat.recordBytes(LogFormat.encodeBody(message("m100"))); // m100..m300 are one size
        int firstSized = LogFormat.HEADER_BYTES + 9 * LogFormat.recordBytes(LogFormat.encodeBody(message("m1")))
                + 90 * LogFormat.recordBytes(LogFormat.encodeBody(message("m10")));
        for (int id = 150; id <= 155; id++) { // a checksum mismatch in each of messages 150 to 155
            bytes[firstSized + (id - 100) * recordBytes + 20] ^= 1;
        }
        Files.write(file, bytes);
        try (RoomLog log = store.open(ROOM)) {
            List<Long> all = new ArrayList<>();
            long before = 301;
            RoomLog.Page page;
            do {
                page = log.before(before, 50);
                all.addAll(0, ids(page));
                if (!page.messages().isEmpty()) {
                    before = page.messages().getFirst().id();
                }
            } while (page.more());
            List<Long> expected = new ArrayList<>(LongStream.rangeClosed(1, 300).boxed().toList());
            expected.removeAll(LongStream.rangeClosed(150, 155).boxed().toList());
            assertEquals(expected, all, "every good message once, in order, the damaged ones left out");
            assertEquals(50, log.before(180, 50).messages().size(), "a page across the damage is still full");
        }
    }

    @Test
    void pagesAreReadWhileMessagesAreAppendedAndNeverIncludeOneNotYetDurable() throws Exception {
        RoomStore store = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 100);
        try (RoomLog log = store.open(ROOM)) {
            appendAll(log, 200);
            List<CompletableFuture<StoredMessage>> more = new ArrayList<>();
            for (int i = 201; i <= 2000; i++) {
                more.add(log.append(message("m" + i)));
            }
            for (int round = 0; round < 200; round++) {
                long durable = log.lastId();
                RoomLog.Page page = log.before(Long.MAX_VALUE, 100);
                long newest = page.messages().getLast().id();
                assertTrue(newest >= durable, "at least what was durable before the read");
                for (int i = 1; i < page.messages().size(); i++) {
                    assertEquals(page.messages().get(i - 1).id() + 1, page.messages().get(i).id());
                }
                assertEquals(List.of(101L, 102L), ids(log.before(103, 2)));
            }
            for (CompletableFuture<StoredMessage> future : more) {
                future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            assertPagesBackToTheStart(log, 2001, 2000, 100);
        }
    }

    /** Pages of {@code pageSize} from {@code before} back: together every id from 1 to {@code newest}. */
    private static void assertPagesBackToTheStart(RoomLog log, long before, long newest, int pageSize) throws Exception {
        List<Long> all = new ArrayList<>();
        RoomLog.Page page;
        int pages = 0;
        do {
            page = log.before(before, pageSize);
            assertTrue(page.messages().size() == pageSize || !page.more(), "only the last page may be short");
            all.addAll(0, ids(page));
            before = page.messages().getFirst().id();
            pages++;
        } while (page.more());
        assertEquals(LongStream.rangeClosed(1, newest).boxed().toList(), all);
        assertEquals((newest + pageSize - 1) / pageSize, pages);
    }

    private static List<Long> ids(RoomLog.Page page) {
        return page.messages().stream().map(StoredMessage::id).toList();
    }
}
