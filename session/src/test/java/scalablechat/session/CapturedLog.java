package scalablechat.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the session server and its store log (System.Logger, backed by java.util.logging here). */
final class CapturedLog implements AutoCloseable {
    /** Held here: java.util.logging keeps loggers only weakly, and a collected one loses its handler. */
    private final Logger logger = Logger.getLogger("scalablechat.session");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
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

    /** The messages logged at {@code level}, as written (parameters not filled in). */
    List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
