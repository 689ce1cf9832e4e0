package scalablechat.loadtest;

/** A bad command line or a target the tool refuses; the message is shown to the user as is. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
