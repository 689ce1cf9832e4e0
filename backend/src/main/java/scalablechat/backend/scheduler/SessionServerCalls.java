package scalablechat.backend.scheduler;

import scalablechat.common.Env;
import scalablechat.common.config.Setting;

import java.time.Duration;
import java.util.List;

/**
 * How the schedulers that call session servers themselves (static and local) make those calls, read from the
 * backend's environment.
 *
 * @param sessionServerTimeout {@code SESSION_SERVER_TIMEOUT_MS}: the longest the backend waits for one
 *                             call to a session server's internal port
 * @param roomLookupCache      {@code ROOM_LOOKUP_CACHE_MS}: how long a lookup trusts a session server's word that
 *                             a room exists there (static scheduler) or was admitted there (local scheduler)
 */
public record SessionServerCalls(Duration sessionServerTimeout, Duration roomLookupCache) {
    public static final Setting SESSION_SERVER_TIMEOUT_MS = Setting.integer("SESSION_SERVER_TIMEOUT_MS", 2000, 100,
            60_000, "longest wait for one call to a session server's internal port (connect, and answer)");
    /**
     * Off by default: issue #5 promises that the next lookup after a server dies notices it (503, or the room
     * moves), which a remembered answer would hide for its lifetime.
     */
    public static final Setting ROOM_LOOKUP_CACHE_MS = Setting.integer("ROOM_LOOKUP_CACHE_MS", 0, 0, 60_000,
            "how long a room lookup trusts a session server's last word that the room exists there (static scheduler: "
                    + "open or stored; local: admitted) before asking again. At 0 every lookup is answered by a call "
                    + "that was under way when it arrived or that it made, so the next lookup after a server dies "
                    + "notices (503, or the room moves); above 0 lookups are much cheaper, but for that long a server "
                    + "that just died (static: until its health probe fails, about 1–3 s; local: until its exit is "
                    + "seen) can still be named. Overlapping lookups of one room share one call either way");
    public static final List<Setting> SETTINGS = List.of(SESSION_SERVER_TIMEOUT_MS, ROOM_LOOKUP_CACHE_MS);

    public static SessionServerCalls from(Env env) {
        int timeoutMs = SESSION_SERVER_TIMEOUT_MS.intValue(env);
        int lookupCacheMs = ROOM_LOOKUP_CACHE_MS.intValue(env);
        return new SessionServerCalls(Duration.ofMillis(timeoutMs), Duration.ofMillis(lookupCacheMs));
    }

    @Override
    public String toString() {
        return "sessionServerTimeout=" + sessionServerTimeout.toMillis() + "ms"
                + ", roomLookupCache=" + roomLookupCache.toMillis() + "ms";
    }
}
