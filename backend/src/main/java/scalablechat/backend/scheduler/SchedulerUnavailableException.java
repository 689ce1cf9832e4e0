package scalablechat.backend.scheduler;

/** The scheduler can't answer right now (a server or platform is unreachable); the API answers 503. */
public final class SchedulerUnavailableException extends Exception {
    private final int retryAfterSeconds;

    public SchedulerUnavailableException(String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
