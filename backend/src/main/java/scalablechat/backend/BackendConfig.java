package scalablechat.backend;

import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.agones.AgonesConfig;
import scalablechat.backend.scheduler.hathora.HathoraConfig;
import scalablechat.backend.scheduler.local.LocalSchedulerConfig;
import scalablechat.common.BearerSecret;
import scalablechat.common.Env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 * @param hathora              {@code HATHORA_*}: present when {@code HATHORA_APP_ID} and {@code HATHORA_TOKEN}
 *                             are set, which selects the Hathora scheduler
 * @param scheduler            {@code SCHEDULER}: which scheduler places rooms
 * @param local                the local scheduler's settings, present when it is the one chosen
 * @param adminToken           {@code ADMIN_TOKEN}: a bearer token that shows room ids in the fleet view; empty when unset
 * @param metricsToken         {@code METRICS_TOKEN}: when present, {@code GET /metrics} needs it as a bearer token
 * @param roomLookupCache      {@code ROOM_LOOKUP_CACHE_MS}: how long a lookup trusts a session server's word that
 *                             a room exists there (static scheduler) or was admitted there (local scheduler)
 * @param roomCreation         {@code ROOM_CREATES_PER_USER}, {@code ROOM_CREATES_PER_ADDRESS},
 *                             {@code ROOM_CREATE_WINDOW_SECONDS}: how many rooms one user and one address may create
 * @param fleetChartSample     {@code FLEET_CHART_SAMPLE_MS}: how often the fleet page's charts take a point
 * @param agones               the Agones scheduler's settings ({@code KUBERNETES_*}, {@code AGONES_*}), present when it
 *                             is the one chosen
 */
public record BackendConfig(int port, String jwtSecret, List<SessionServerAddress> sessionServers, Path clientDir,
                            Duration sessionServerTimeout, Optional<HathoraConfig> hathora,
                            SchedulerKind scheduler, Optional<LocalSchedulerConfig> local, Optional<String> adminToken,
                            Optional<String> metricsToken, Duration roomLookupCache,
                            RoomCreationLimits.Settings roomCreation, Duration fleetChartSample,
                            Optional<AgonesConfig> agones) {

    /** The schedulers there are; README's "Choosing a scheduler" compares them. */
    public enum SchedulerKind { LOCAL, STATIC, HATHORA, AGONES }

    /** An admin token is a password: shorter ones are refused at start. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    /** A metrics token is a password too. */
    public static final int MIN_METRICS_TOKEN_LENGTH = 16;
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_SESSION_SERVER_HOST = "localhost:8000";
    public static final String DEFAULT_CLIENT_DIR = "client";
    public static final int DEFAULT_SESSION_SERVER_TIMEOUT_MS = 2000;
    /**
     * Off by default: issue #5 promises that the next lookup after a server dies notices it (503, or the room
     * moves), which a remembered answer would hide for its lifetime. Overlapping lookups of one room share
     * one call either way.
     */
    public static final int DEFAULT_ROOM_LOOKUP_CACHE_MS = 0;
    public static final int MAX_ROOM_LOOKUP_CACHE_MS = 60_000;
    /** The fleet page's charts: a point every 5 s, so 120 points cover their 10 minutes. */
    public static final int DEFAULT_FLEET_CHART_SAMPLE_MS = 5000;

    public static BackendConfig from(Env env) {
        int port = env.integer("PORT", DEFAULT_PORT, 0, 65535);
        String secret = env.secret("JWT_SECRET", scalablechat.common.Tokens.MIN_SECRET_BYTES);
        List<SessionServerAddress> servers = SessionServerAddress.parseList("SESSION_SERVER_HOST",
                env.string("SESSION_SERVER_HOST", DEFAULT_SESSION_SERVER_HOST));
        Path clientDir = Path.of(env.string("CLIENT_DIR", DEFAULT_CLIENT_DIR)).toAbsolutePath().normalize();
        int timeoutMs = env.integer("SESSION_SERVER_TIMEOUT_MS", DEFAULT_SESSION_SERVER_TIMEOUT_MS, 100, 60_000);
        Optional<HathoraConfig> hathora = HathoraConfig.fromIfRequested(env);
        Optional<String> adminToken = BearerSecret.optionalString(env, "ADMIN_TOKEN", MIN_ADMIN_TOKEN_LENGTH);
        Optional<String> metricsToken = BearerSecret.optionalString(env, "METRICS_TOKEN", MIN_METRICS_TOKEN_LENGTH);
        int lookupCacheMs = env.integer("ROOM_LOOKUP_CACHE_MS", DEFAULT_ROOM_LOOKUP_CACHE_MS, 0, MAX_ROOM_LOOKUP_CACHE_MS);
        SchedulerKind kind = schedulerKind(env, hathora.isPresent());
        Optional<LocalSchedulerConfig> local = kind == SchedulerKind.LOCAL
                ? Optional.of(LocalSchedulerConfig.from(env.vars()))
                : Optional.empty();
        return new BackendConfig(port, secret, servers, clientDir, Duration.ofMillis(timeoutMs), hathora,
                kind, local, adminToken, metricsToken, Duration.ofMillis(lookupCacheMs),
                RoomCreationLimits.Settings.from(env),
                Duration.ofMillis(env.integer("FLEET_CHART_SAMPLE_MS", DEFAULT_FLEET_CHART_SAMPLE_MS, 100, 60_000)),
                kind == SchedulerKind.AGONES ? Optional.of(AgonesConfig.from(env.vars())) : Optional.empty());
    }

    /**
     * {@code SCHEDULER} when set; otherwise Hathora when its settings are there, static when
     * {@code SESSION_SERVER_HOST} is set, and the local elastic scheduler when neither is.
     */
    private static SchedulerKind schedulerKind(Env env, boolean hathoraConfigured) {
        String chosen = env.string("SCHEDULER", "").toLowerCase(java.util.Locale.ROOT);
        return switch (chosen) {
            case "" -> hathoraConfigured ? SchedulerKind.HATHORA
                    : env.has("SESSION_SERVER_HOST") ? SchedulerKind.STATIC : SchedulerKind.LOCAL;
            case "local" -> SchedulerKind.LOCAL;
            case "static" -> SchedulerKind.STATIC;
            case "agones" -> SchedulerKind.AGONES;
            case "hathora" -> {
                if (!hathoraConfigured) {
                    throw new Env.ConfigException("SCHEDULER=hathora needs HATHORA_APP_ID and HATHORA_TOKEN");
                }
                yield SchedulerKind.HATHORA;
            }
            default -> throw new Env.ConfigException("SCHEDULER must be local, static, agones or hathora, got \"" + chosen + "\"");
        };
    }

    /** The longest one scheduler call may take; the HTTP server must let such a response finish. */
    public Duration longestSchedulerCall() {
        return switch (scheduler) {
            case HATHORA -> hathora.map(HathoraConfig::longestCall).orElse(Duration.ZERO);
            case LOCAL -> local.map(LocalSchedulerConfig::longestCall).orElse(Duration.ZERO);
            case STATIC -> Duration.ZERO;
            case AGONES -> AgonesConfig.CREATE_DEADLINE.plus(AgonesConfig.CALL_TIMEOUT);
        };
    }

    @Override
    public String toString() { // never prints the secret
        return "BackendConfig[port=" + port + ", scheduler=" + scheduler.name().toLowerCase(java.util.Locale.ROOT)
                + (scheduler == SchedulerKind.STATIC ? ", sessionServers=" + sessionServers : "")
                + local.map(l -> ", minServers=" + l.minServers() + ", maxServers=" + l.maxServers()).orElse("")
                + ", clientDir=" + clientDir
                + ", sessionServerTimeout=" + sessionServerTimeout.toMillis() + "ms"
                + ", roomLookupCache=" + roomLookupCache.toMillis() + "ms"
                + hathora.map(h -> ", " + h).orElse("") + agones.map(a -> ", " + a).orElse("") + "]";
    }
}
