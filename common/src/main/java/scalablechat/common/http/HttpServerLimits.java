package scalablechat.common.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits of the JDK's HTTP server against slow or greedy clients, the same for both servers (the backend's API and
 * a session server's internal port). The JDK reads them from system properties once, when the first
 * {@code HttpServer} of the process is created, so {@link #apply()} must run before that (BackendMain and
 * SessionMain do it first thing). A property already set, for example with {@code -D} on the command line, is
 * left alone. docs/CONFIG.md lists them under "HTTP server limits".
 */
public final class HttpServerLimits {
    /** Seconds a client has to send a whole request (headers and body) once it starts; also the longest a fresh connection may stay silent. */
    public static final int MAX_REQUEST_SECONDS = 10;
    /**
     * Seconds from a complete request to a complete response. Longer than the worst scheduler call
     * (a status round plus admissions, each bounded by SESSION_SERVER_TIMEOUT_MS), so only clients that
     * don't read their response hit it.
     */
    public static final int MAX_RESPONSE_SECONDS = 30;
    /** Time beyond a scheduler's longest call for writing the response, when that call is longer than the above. */
    public static final int RESPONSE_MARGIN_SECONDS = 10;
    /** Seconds an idle keep-alive connection is kept. */
    public static final int IDLE_SECONDS = 30;
    public static final int MAX_IDLE_CONNECTIONS = 200;
    /** Open connections at once; more are closed on accept. */
    public static final int MAX_CONNECTIONS = 10_000;
    public static final int MAX_REQUEST_HEADERS = 100;
    /** Bytes of request headers; a token is at most 4 KiB. */
    public static final int MAX_REQUEST_HEADER_BYTES = 32 * 1024;
    /** How often idle and silent connections are looked for (the JDK's default is 10 s, which stretches every idle limit by up to that). */
    public static final int IDLE_CHECK_MILLIS = 1000;

    static final Map<String, String> PROPERTIES = Map.of(
            "sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS),
            "sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS),
            "sun.net.httpserver.idleInterval", Integer.toString(IDLE_SECONDS),
            "sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS),
            "jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS),
            "sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_REQUEST_HEADERS),
            "sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_REQUEST_HEADER_BYTES),
            "sun.net.httpserver.clockTick", Integer.toString(IDLE_CHECK_MILLIS),
            "sun.net.httpserver.nodelay", "true");

    private HttpServerLimits() {}

    public static void apply() {
        apply(Duration.ZERO);
    }

    /** The properties {@link #apply(Duration)} sets. */
    public static Map<String, String> properties(Duration longestSchedulerCall) {
        long needed = (longestSchedulerCall.toMillis() + 999) / 1000 + RESPONSE_MARGIN_SECONDS;
        Map<String, String> properties = new HashMap<>(PROPERTIES);
        properties.put("sun.net.httpserver.maxRspTime", Long.toString(Math.max(MAX_RESPONSE_SECONDS, needed)));
        return Map.copyOf(properties);
    }

    /**
     * Applies the limits, with the response limit raised above {@code longestSchedulerCall} when
     * that is longer (Hathora's lookups wait for a starting process, up to two minutes by default).
     */
    public static void apply(Duration longestSchedulerCall) {
        properties(longestSchedulerCall).forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }
}
