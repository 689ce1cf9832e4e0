package scalablechat.backend.scheduler.fixed;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.SessionServerCalls;
import scalablechat.common.Env;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the static scheduler ({@code SCHEDULER=static}, or {@code SESSION_SERVER_HOST} set), read from the
 * backend's environment.
 *
 * @param sessionServers {@code SESSION_SERVER_HOST}: the session servers, which someone else runs
 * @param calls          {@code SESSION_SERVER_TIMEOUT_MS} and {@code ROOM_LOOKUP_CACHE_MS}
 */
public record StaticSchedulerConfig(List<SessionServerAddress> sessionServers, SessionServerCalls calls)
        implements SchedulerConfig {
    /** The original's default. */
    public static final String DEFAULT_SESSION_SERVER_HOST = "localhost:8000";

    public StaticSchedulerConfig {
        sessionServers = List.copyOf(sessionServers);
    }

    public static StaticSchedulerConfig from(Env env) {
        List<SessionServerAddress> servers = SessionServerAddress.parseList("SESSION_SERVER_HOST",
                env.string("SESSION_SERVER_HOST", DEFAULT_SESSION_SERVER_HOST));
        return new StaticSchedulerConfig(servers, SessionServerCalls.from(env));
    }

    /**
     * Zero, asking for no more than the HTTP server's own response limit: a creation or a lookup is a status
     * round and a few calls to session servers, each bounded by {@code SESSION_SERVER_TIMEOUT_MS}.
     */
    @Override
    public Duration longestCall() {
        return Duration.ZERO;
    }

    @Override
    public String toString() {
        return "StaticSchedulerConfig[sessionServers=" + sessionServers + ", " + calls + "]";
    }
}
