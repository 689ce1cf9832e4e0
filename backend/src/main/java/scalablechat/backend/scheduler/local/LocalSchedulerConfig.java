package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.backend.scheduler.SessionServerCalls;
import scalablechat.common.ClassDataArchive;
import scalablechat.common.Env;
import scalablechat.common.SessionJvmOptions;
import scalablechat.common.contract.SharedSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the local elastic scheduler, read from the backend's environment.
 *
 * @param sessionCommand   the command that starts one session server, before its environment is added:
 *                         the backend's own {@code java}, the session servers' JVM options
 *                         ({@link SessionJvmOptions}), the options that use the jar's class-data archive
 *                         when it has a fresh one ({@link ClassDataArchive}), {@code SESSION_JAVA_OPTS} (which
 *                         come later, so they win), {@code -jar SESSION_JAR}
 * @param childEnvironment the environment of every session server: the backend's own, with the shared
 *                         secret and an absolute data directory
 * @param sessionPorts     {@code SESSION_PORTS}: the ports session servers take, when set (else any free ones)
 * @param calls            {@code SESSION_SERVER_TIMEOUT_MS} and {@code ROOM_LOOKUP_CACHE_MS}
 */
public record LocalSchedulerConfig(
        List<String> sessionCommand,
        Map<String, String> childEnvironment,
        String hostname,
        int minServers,
        int maxServers,
        Duration serverIdle,
        Duration serverStartTimeout,
        int roomsPerServer,
        Optional<FreePorts.Range> sessionPorts,
        SessionServerCalls calls) implements SchedulerConfig {

    public static final int DEFAULT_MIN_SERVERS = 1;
    public static final int DEFAULT_MAX_SERVERS = 8;
    /** More would not fit the free ports a machine has, nor its memory. */
    public static final int MAX_MAX_SERVERS = 256;
    public static final int DEFAULT_SERVER_IDLE_SECONDS = 60;
    public static final int DEFAULT_SERVER_START_TIMEOUT_SECONDS = 30;
    /**
     * How long a lookup waits for a room's previous server to let go of it (a draining server closes its
     * rooms as it stops, usually well within a second) before answering 503 (try again).
     */
    static final Duration HANDOVER_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The least time a room admission is given: a session server waits up to 5 s for a room's history to
     * load before it answers "still loading", and a busy machine needs some margin on top.
     */
    static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(8);

    public static LocalSchedulerConfig from(Map<String, String> vars) {
        Env env = new Env(vars);
        String secret = env.secret("JWT_SECRET", scalablechat.common.Tokens.MIN_SECRET_BYTES);
        Path jar = Path.of(env.string("SESSION_JAR", "dist/session.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new Env.ConfigException("SESSION_JAR: no session server jar at " + jar
                    + " (build it with ./build.sh, or point SESSION_JAR at session/target/session.jar)");
        }
        int min = env.integer("MIN_SERVERS", DEFAULT_MIN_SERVERS, 0, MAX_MAX_SERVERS);
        int max = env.integer("MAX_SERVERS", DEFAULT_MAX_SERVERS, 1, MAX_MAX_SERVERS);
        if (min > max) {
            throw new Env.ConfigException("MIN_SERVERS (" + min + ") must not exceed MAX_SERVERS (" + max + ")");
        }
        Optional<FreePorts.Range> ports = env.has("SESSION_PORTS")
                ? Optional.of(FreePorts.Range.parse("SESSION_PORTS", env.string("SESSION_PORTS", "")))
                : Optional.empty();
        if (ports.isPresent() && ports.get().size() < max) {
            throw new Env.ConfigException("SESSION_PORTS has " + ports.get().size() + " ports, fewer than MAX_SERVERS ("
                    + max + ")");
        }

        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SessionJvmOptions.DEFAULTS);
        command.addAll(ClassDataArchive.jvmOptions(jar));
        for (String option : env.string("SESSION_JAVA_OPTS", "").split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jar.toString());

        // The children see the backend's whole configuration, so one environment configures the local
        // stack (ROOMS_PER_SERVER, USERS_PER_ROOM, FSYNC...); each child's ports are set when it starts.
        Map<String, String> child = new HashMap<>(vars);
        child.put("JWT_SECRET", secret);
        // Relative to the backend, so the children (started in the same directory) share it exactly.
        child.put("DATA_DIR", Path.of(env.string("DATA_DIR", "data")).toAbsolutePath().toString());

        return new LocalSchedulerConfig(List.copyOf(command), Map.copyOf(child),
                env.string("SESSION_HOSTNAME", "localhost"), min, max,
                Duration.ofSeconds(env.integer("SERVER_IDLE_SECONDS", DEFAULT_SERVER_IDLE_SECONDS, 1, 86_400)),
                Duration.ofSeconds(env.integer("SERVER_START_TIMEOUT_SECONDS", DEFAULT_SERVER_START_TIMEOUT_SECONDS, 1, 600)),
                SharedSettings.ROOMS_PER_SERVER.intValue(env), ports,
                SessionServerCalls.from(env));
    }

    /** The longest a lookup may take: waiting for a server to start, for a room to be handed over, and opened. */
    @Override
    public Duration longestCall() {
        return serverStartTimeout.multipliedBy(2).plus(HANDOVER_TIMEOUT).plus(ADMISSION_TIMEOUT);
    }

    public String jwtSecret() {
        return childEnvironment.get("JWT_SECRET");
    }

    @Override
    public String toString() { // never the children's environment, which holds the secret
        return "LocalSchedulerConfig[minServers=" + minServers + ", maxServers=" + maxServers + ", " + calls + "]";
    }
}
