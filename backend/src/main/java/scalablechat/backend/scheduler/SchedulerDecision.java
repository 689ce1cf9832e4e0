package scalablechat.backend.scheduler;

import java.util.Locale;

/**
 * The decisions a scheduler reports, counted as {@code backend_scheduler_decisions_total{decision}}.
 * A fixed set, so the metric has a bounded number of series; README's metrics table explains each.
 */
public enum SchedulerDecision {
    /** A session server admitted a new room. */
    ROOM_PLACED,
    /** A known room was opened on another server: its own was gone, draining, unreachable or full. */
    ROOM_MOVED,
    /** A session server refused a room (full, draining, or the room held elsewhere); the next one was tried. */
    ADMISSION_REFUSED,
    /** A session server did not answer a placement or lookup call. */
    SERVER_UNREACHABLE,
    /** A session server process was started (to keep MIN_SERVERS, as a warm spare, or for a room). */
    SERVER_STARTED,
    /** A session server that hosted no room for SERVER_IDLE_SECONDS was drained and stopped. */
    SERVER_STOPPED_IDLE,
    /** A running session server that stopped answering was killed. */
    SERVER_KILLED_HUNG;

    /** The metric's label value: the name in lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where a scheduler reports its decisions; called on the deciding thread, so it must be quick. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = decision -> { };

        void decided(SchedulerDecision decision);
    }
}
