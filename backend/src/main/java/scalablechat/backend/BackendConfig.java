package scalablechat.backend;

import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.common.Env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the backend reads from its environment, checked at start (a bad value is a
 * {@link Env.ConfigException} naming the variable). The variables are documented in README's
 * configuration table.
 *
 * @param port                 {@code PORT}: where the HTTP API and client files are served; 0 picks a free port
 * @param jwtSecret            {@code JWT_SECRET}: signs every token; session servers must share it
 * @param sessionServers       {@code SESSION_SERVER_HOST}: the static scheduler's session servers
 * @param clientDir            {@code CLIENT_DIR}: the web client's static files
 * @param sessionServerTimeout {@code SESSION_SERVER_TIMEOUT_MS}: the longest the backend waits for one
 *                             call to a session server's internal port
 */
public record BackendConfig(int port, String jwtSecret, List<SessionServerAddress> sessionServers, Path clientDir,
                            Duration sessionServerTimeout) {
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_SESSION_SERVER_HOST = "localhost:8000";
    public static final String DEFAULT_CLIENT_DIR = "client";
    public static final int DEFAULT_SESSION_SERVER_TIMEOUT_MS = 2000;

    public static BackendConfig from(Env env) {
        int port = env.integer("PORT", DEFAULT_PORT, 0, 65535);
        String secret = env.required("JWT_SECRET");
        List<SessionServerAddress> servers = SessionServerAddress.parseList("SESSION_SERVER_HOST",
                env.string("SESSION_SERVER_HOST", DEFAULT_SESSION_SERVER_HOST));
        Path clientDir = Path.of(env.string("CLIENT_DIR", DEFAULT_CLIENT_DIR)).toAbsolutePath().normalize();
        int timeoutMs = env.integer("SESSION_SERVER_TIMEOUT_MS", DEFAULT_SESSION_SERVER_TIMEOUT_MS, 100, 60_000);
        return new BackendConfig(port, secret, servers, clientDir, Duration.ofMillis(timeoutMs));
    }

    @Override
    public String toString() { // never prints the secret
        return "BackendConfig[port=" + port + ", sessionServers=" + sessionServers + ", clientDir=" + clientDir
                + ", sessionServerTimeout=" + sessionServerTimeout.toMillis() + "ms]";
    }
}
