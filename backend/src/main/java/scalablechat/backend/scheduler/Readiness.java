package scalablechat.backend.scheduler;

/** Whether a scheduler can serve room requests now, and if not, why (the backend's {@code GET /readyz}). */
public record Readiness(boolean ready, String reason) {
    public static final Readiness READY = new Readiness(true, null);

    public static Readiness notReady(String reason) {
        return new Readiness(false, reason);
    }
}
