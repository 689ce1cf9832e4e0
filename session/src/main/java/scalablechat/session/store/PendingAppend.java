package scalablechat.session.store;

import java.util.concurrent.CompletableFuture;

/** A message waiting for the writer, already encoded but for its id. */
record PendingAppend(NewMessage message, byte[] body, CompletableFuture<StoredMessage> result) {
    int recordBytes() {
        return LogFormat.recordBytes(body);
    }
}
