package scalablechat.backend;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.backend.scheduler.agones.AgonesConfig;
import scalablechat.backend.scheduler.fixed.StaticSchedulerConfig;
import scalablechat.backend.scheduler.hathora.HathoraConfig;
import scalablechat.backend.scheduler.local.LocalSchedulerConfig;
import scalablechat.common.BearerSecret;
import scalablechat.common.Env;
import scalablechat.common.contract.SharedSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the backend reads from its environment, checked at start (a bad value is a
 * {@link Env.ConfigException} naming the variable). The variables are defined in {@link BackendSettings} and
 * {@code SharedSettings}, and listed in docs/CONFIG.md. The backend's own settings are here; the chosen scheduler's are read by that
 * scheduler's config class ({@code StaticSchedulerConfig}: {@code SESSION_SERVER_HOST},
 * {@code SESSION_SERVER_TIMEOUT_MS}, {@code ROOM_LOOKUP_CACHE_MS}; {@code LocalSchedulerConfig}; {@code HathoraConfig}:
 * {@code HATHORA_*}; {@code AgonesConfig}: {@code KUBERNETES_*}, {@code AGONES_*}) and kept as
 * {@link #schedulerConfig()}.
 *
 * @param port             {@code PORT}: where the HTTP API and client files are served; 0 picks a free port
 * @param jwtSecret        {@code JWT_SECRET}: signs every token; session servers must share it
 * @param clientDir        {@code CLIENT_DIR}: the web client's static files
 * @param scheduler        {@code SCHEDULER}: which scheduler places rooms
 * @param schedulerConfig  that scheduler's settings, an instance of its {@link SchedulerKind#configType()}
 * @param adminToken       {@code ADMIN_TOKEN}: a bearer token that shows room ids in the fleet view; empty when unset
 * @param metricsToken     {@code METRICS_TOKEN}: when present, {@code GET /metrics} needs it as a bearer token
 * @param roomCreation     {@code ROOM_CREATES_PER_USER}, {@code ROOM_CREATES_PER_ADDRESS},
 *                         {@code ROOM_CREATE_WINDOW_SECONDS}: how many rooms one user and one address may create
 * @param fleetChartSample {@code FLEET_CHART_SAMPLE_MS}: how often the fleet page's charts take a point
 */
public record BackendConfig(int port, String jwtSecret, Path clientDir, SchedulerKind scheduler,
                            SchedulerConfig schedulerConfig, Optional<String> adminToken,
                            Optional<String> metricsToken, RoomCreationLimits.Settings roomCreation,
                            Duration fleetChartSample) {

    /** The schedulers there are, each with its config class; README's scheduler table and docs/OPERATIONS.md compare them. */
    public enum SchedulerKind {
        LOCAL(LocalSchedulerConfig.class),
        STATIC(StaticSchedulerConfig.class),
        HATHORA(HathoraConfig.class),
        AGONES(AgonesConfig.class);

        private final Class<? extends SchedulerConfig> configType;

        SchedulerKind(Class<? extends SchedulerConfig> configType) {
            this.configType = configType;
        }

        public Class<? extends SchedulerConfig> configType() {
            return configType;
        }
    }

    public BackendConfig {
        if (!scheduler.configType().isInstance(schedulerConfig)) {
            throw new IllegalArgumentException("the " + scheduler + " scheduler takes a "
                    + scheduler.configType().getSimpleName() + ", not " + schedulerConfig);
        }
    }

    public static BackendConfig from(Env env) {
        int port = BackendSettings.PORT.intValue(env);
        String secret = SharedSettings.JWT_SECRET.secret(env);
        // Checked whichever scheduler is chosen, as they always were: a bad SESSION_SERVER_HOST,
        // SESSION_SERVER_TIMEOUT_MS or ROOM_LOOKUP_CACHE_MS stops the backend under any scheduler.
        StaticSchedulerConfig staticConfig = StaticSchedulerConfig.from(env);
        Path clientDir = Path.of(BackendSettings.CLIENT_DIR.text(env)).toAbsolutePath().normalize();
        // Read before choosing: these settings select Hathora, and setting only half of them is an error.
        Optional<HathoraConfig> hathora = HathoraConfig.fromIfRequested(env);
        Optional<String> adminToken = BearerSecret.optionalString(env, BackendSettings.ADMIN_TOKEN.name(),
                BackendSettings.MIN_ADMIN_TOKEN_LENGTH);
        Optional<String> metricsToken = BearerSecret.optionalString(env, SharedSettings.METRICS_TOKEN.name(),
                SharedSettings.MIN_METRICS_TOKEN_LENGTH);
        SchedulerKind kind = schedulerKind(env, hathora.isPresent());
        SchedulerConfig schedulerConfig = switch (kind) {
            case STATIC -> staticConfig;
            case LOCAL -> LocalSchedulerConfig.from(env.vars());
            case HATHORA -> hathora.orElseThrow();
            case AGONES -> AgonesConfig.from(env.vars());
        };
        return new BackendConfig(port, secret, clientDir, kind, schedulerConfig, adminToken, metricsToken,
                RoomCreationLimits.Settings.from(env),
                Duration.ofMillis(BackendSettings.FLEET_CHART_SAMPLE_MS.intValue(env)));
    }

    /**
     * {@code SCHEDULER} when set; otherwise Hathora when its settings are there, static when
     * {@code SESSION_SERVER_HOST} is set, and the local elastic scheduler when neither is.
     */
    private static SchedulerKind schedulerKind(Env env, boolean hathoraConfigured) {
        String chosen = BackendSettings.SCHEDULER.text(env, "").toLowerCase(java.util.Locale.ROOT);
        return switch (chosen) {
            case "" -> hathoraConfigured ? SchedulerKind.HATHORA
                    : StaticSchedulerConfig.SESSION_SERVER_HOST.isSet(env) ? SchedulerKind.STATIC : SchedulerKind.LOCAL;
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

    @Override
    public String toString() { // never prints the secret (nor do the scheduler configs)
        return "BackendConfig[port=" + port + ", scheduler=" + scheduler.name().toLowerCase(java.util.Locale.ROOT)
                + ", " + schedulerConfig + ", clientDir=" + clientDir + "]";
    }
}
