package scalablechat.backend.scheduler;

import java.time.Duration;

/**
 * One scheduler's settings, read from the backend's environment by that scheduler's own config class in its
 * package. The backend keeps the chosen scheduler's config, hands it to that scheduler, and asks it only
 * {@link #longestCall()}.
 */
public interface SchedulerConfig {
    /**
     * The longest one call of this scheduler (a room creation or a lookup) may take, so that the backend lets an
     * HTTP response wait that long; zero when the HTTP server's own response limit is enough.
     */
    Duration longestCall();
}
