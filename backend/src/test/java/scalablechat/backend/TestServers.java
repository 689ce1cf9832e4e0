package scalablechat.backend;

import scalablechat.common.http.HttpServerLimits;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts backends for tests, on free loopback ports, with the HTTP server limits applied first. */
public final class TestServers {
    public static final String SECRET = "test-secret-for-backend-tests-0123456789abcdef";
    /** Tests shorten the request time limit so that the slow-client test is quick. */
    static final int TEST_MAX_REQUEST_SECONDS = 3;

    private TestServers() {}

    /**
     * The JDK reads its HTTP server limits once, when the first HttpServer of the JVM starts (session servers
     * have one too), so every helper that starts a server calls this first.
     */
    public static void applyHttpServerLimits() {
        System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(TEST_MAX_REQUEST_SECONDS));
        HttpServerLimits.apply();
    }

    /** A backend whose only session server is {@code sessionServerHost}, serving files from {@code clientDir}. */
    public static BackendServer backend(String sessionServerHost, Path clientDir) throws Exception {
        return backend(sessionServerHost, clientDir, Map.of());
    }

    /** As {@link #backend(String, Path)}, with {@code settings} added to (or replacing) its environment. */
    public static BackendServer backend(String sessionServerHost, Path clientDir, Map<String, String> settings)
            throws Exception {
        applyHttpServerLimits();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("JWT_SECRET", SECRET);
        env.put("SESSION_SERVER_HOST", sessionServerHost);
        env.put("CLIENT_DIR", clientDir.toString());
        env.put("SESSION_SERVER_TIMEOUT_MS", "2000");
        // Every test client comes from loopback; RoomCreationLimitsTest and LocalSchedulerTest test the limits.
        env.put("ROOM_CREATES_PER_USER", "100000");
        env.put("ROOM_CREATES_PER_ADDRESS", "100000");
        env.putAll(settings);
        return BackendServer.start(BackendConfig.from(new scalablechat.common.Env(env)));
    }

    /** A session server address where nothing listens: the port of a socket that was just closed. */
    public static String deadSessionServer() throws Exception {
        int port;
        int internal;
        try (var a = new java.net.ServerSocket(0); var b = new java.net.ServerSocket(0)) {
            port = a.getLocalPort();
            internal = b.getLocalPort();
        }
        return "127.0.0.1:" + port + "@" + internal;
    }
}
