package scalablechat.common;

/** A token that must not be trusted; the message is safe to show to the client. */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
