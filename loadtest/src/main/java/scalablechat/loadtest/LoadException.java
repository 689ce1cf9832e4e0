package scalablechat.loadtest;

/** The stack under test answered something the tool cannot carry on with; the message says what and where. */
final class LoadException extends RuntimeException {
    LoadException(String message) {
        super(message, null, false, false);
    }

    LoadException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
