package scalablechat.backend.scheduler.fixed;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.SessionServerCalls;
import scalablechat.common.Env;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;

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
    /** The original's one server. */
    static final String DEFAULT_SESSION_SERVER_HOST = "localhost:8000";
    public static final Setting SESSION_SERVER_HOST = Setting.describedText("SESSION_SERVER_HOST",
            "(unset; `" + DEFAULT_SESSION_SERVER_HOST + "` when `SCHEDULER=static`)", "a list of addresses",
            "the static scheduler's session servers, comma-separated; setting it selects the static scheduler. Each "
                    + "entry is `[ws://|wss://]host:port[@[internalHost:]internalPort]`: `host:port` is what clients "
                    + "dial and session tokens name; the internal port defaults to `port + 1000` on the same host. "
                    + "`wss://` makes clients use TLS. Example behind a TLS proxy: `wss://chat.example.com@10.0.0.5:9000`");
    public static final SettingsTable TABLE = new SettingsTable("static", List.of(SESSION_SERVER_HOST));

    public StaticSchedulerConfig {
        sessionServers = List.copyOf(sessionServers);
    }

    public static StaticSchedulerConfig from(Env env) {
        List<SessionServerAddress> servers = SessionServerAddress.parseList(SESSION_SERVER_HOST.name(),
                SESSION_SERVER_HOST.text(env, DEFAULT_SESSION_SERVER_HOST));
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
