package scalablechat.backend.scheduler;

/** No session server can take another room now; the API answers 503 with Retry-After. */
public final class NoCapacityException extends Exception {
    private final int retryAfterSeconds;

    public NoCapacityException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
