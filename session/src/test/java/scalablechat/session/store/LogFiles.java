package scalablechat.session.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Helpers the store tests share. */
final class LogFiles {
    static final long WAIT_SECONDS = 60;

    private LogFiles() {}

    static NewMessage message(String text) {
        return new NewMessage("alice", text, 1_700_000_000_000L, null);
    }

    static StoredMessage appendAndWait(RoomLog log, NewMessage message) throws Exception {
        return log.append(message).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Appends {@code count} messages "m1".."mN" (pipelined) and waits for all of them. */
    static List<StoredMessage> appendAll(RoomLog log, int count) throws Exception {
        List<CompletableFuture<StoredMessage>> futures = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            futures.add(log.append(message("m" + i)));
        }
        List<StoredMessage> stored = new ArrayList<>();
        for (CompletableFuture<StoredMessage> future : futures) {
            stored.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return stored;
    }

    static Path logFile(Path dataDir, String roomId) {
        return dataDir.resolve("rooms").resolve(RoomStore.fileName(roomId) + ".log");
    }

    static long size(Path file) throws IOException {
        return Files.size(file);
    }

    /** Collects what the store logs through System.Logger (backed by java.util.logging in tests). */
    static final class CapturedLog implements AutoCloseable {
        private final Logger logger = Logger.getLogger("scalablechat.session.store");
        private final List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };

        CapturedLog() {
            logger.addHandler(handler);
        }

        List<String> messages(java.util.logging.Level level) {
            return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
        }
    }
}
