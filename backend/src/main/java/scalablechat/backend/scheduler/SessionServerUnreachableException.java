package scalablechat.backend.scheduler;

import java.io.IOException;

/** A session server's internal port did not answer, or answered something we can't use. */
public final class SessionServerUnreachableException extends IOException {
    private final boolean tokenRejected;

    public SessionServerUnreachableException(String message) {
        this(message, false);
    }

    private SessionServerUnreachableException(String message, boolean tokenRejected) {
        super(message, null);
        this.tokenRejected = tokenRejected;
    }

    /** The server answered, but refused our internal token: its JWT_SECRET is not ours. */
    static SessionServerUnreachableException tokenRejected(Object server) {
        return new SessionServerUnreachableException("session server " + server
                + " rejects our internal token: JWT_SECRET differs", true);
    }

    public boolean tokenRejected() {
        return tokenRejected;
    }
}
