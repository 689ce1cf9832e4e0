package scalablechat.backend.scheduler;

import scalablechat.common.Env;

import java.time.Duration;

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
    public static final int DEFAULT_SESSION_SERVER_TIMEOUT_MS = 2000;
    /**
     * Off by default: issue #5 promises that the next lookup after a server dies notices it (503, or the room
     * moves), which a remembered answer would hide for its lifetime. Overlapping lookups of one room share
     * one call either way.
     */
    public static final int DEFAULT_ROOM_LOOKUP_CACHE_MS = 0;
    public static final int MAX_ROOM_LOOKUP_CACHE_MS = 60_000;

    public static SessionServerCalls from(Env env) {
        int timeoutMs = env.integer("SESSION_SERVER_TIMEOUT_MS", DEFAULT_SESSION_SERVER_TIMEOUT_MS, 100, 60_000);
        int lookupCacheMs = env.integer("ROOM_LOOKUP_CACHE_MS", DEFAULT_ROOM_LOOKUP_CACHE_MS, 0, MAX_ROOM_LOOKUP_CACHE_MS);
        return new SessionServerCalls(Duration.ofMillis(timeoutMs), Duration.ofMillis(lookupCacheMs));
    }

    @Override
    public String toString() {
        return "sessionServerTimeout=" + sessionServerTimeout.toMillis() + "ms"
                + ", roomLookupCache=" + roomLookupCache.toMillis() + "ms";
    }
}
