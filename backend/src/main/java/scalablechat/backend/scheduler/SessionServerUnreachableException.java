package scalablechat.backend.scheduler;

import java.io.IOException;

/** A session server's internal port did not answer, or answered something we can't use. */
final class SessionServerUnreachableException extends IOException {
    SessionServerUnreachableException(String message) {
        super(message, null);
    }
}
