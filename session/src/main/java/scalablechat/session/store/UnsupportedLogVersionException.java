package scalablechat.session.store;

import java.io.IOException;

/** The room's log was written in a newer format than this server reads; the file is left untouched. */
public final class UnsupportedLogVersionException extends IOException {
    public UnsupportedLogVersionException(String message) {
        super(message);
    }
}
