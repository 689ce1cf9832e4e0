package scalablechat.backend.scheduler.local;

import scalablechat.backend.scheduler.SchedulerConfig;
import scalablechat.backend.scheduler.SessionServerCalls;
import scalablechat.common.ClassDataArchive;
import scalablechat.common.Env;
import scalablechat.common.SessionJvmOptions;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;
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

    /** More would not fit the free ports a machine has, nor its memory. */
    public static final int MAX_MAX_SERVERS = 256;
    public static final Setting MIN_SERVERS = Setting.integer("MIN_SERVERS", 1, 0, MAX_MAX_SERVERS,
            "session servers kept running even when idle; started with the backend");
    public static final Setting MAX_SERVERS = Setting.integer("MAX_SERVERS", 8, 1, MAX_MAX_SERVERS,
            "session servers running at most (at least `MIN_SERVERS`); when all are full, room creation answers 503 "
                    + "with `Retry-After`");
    public static final Setting SERVER_IDLE_SECONDS = Setting.seconds("SERVER_IDLE_SECONDS", 60, 1, 86_400,
            "a session server that has hosted no room this long is drained and stopped, unless that would leave fewer "
                    + "than `MIN_SERVERS` or it is the warm spare");
    public static final Setting SERVER_START_TIMEOUT_SECONDS = Setting.seconds("SERVER_START_TIMEOUT_SECONDS", 30, 1,
            600, "a session server not ready (`/readyz`) this long after it was started is killed; also the longest a "
                    + "request waits for one");
    public static final Setting SESSION_JAR = Setting.text("SESSION_JAR", "dist/session.jar", "a file",
            "the session server jar to run, with the backend's own `java`");
    public static final Setting SESSION_JAVA_OPTS = Setting.text("SESSION_JAVA_OPTS", null, "JVM options",
            "JVM options for the session servers, split on spaces (for example `-Xmx256m`); they come after the "
                    + "session servers' own options ([OPERATIONS.md](OPERATIONS.md#session-server-jvm-options)) and "
                    + "the class-data archive's, so `-Xmn32m`, `-Xshare:off` or another `-XX:AOTCache=` wins (another "
                    + "collector needs `-XX:-UseSerialGC` first)");
    public static final Setting SESSION_HOSTNAME = Setting.text("SESSION_HOSTNAME", "localhost", "a host name",
            "the host name in the addresses clients are given (`SESSION_HOSTNAME:port`); set it to the machine's name "
                    + "or address when browsers on other machines should connect");
    public static final Setting SESSION_PORTS = Setting.text("SESSION_PORTS", null, "`first-last`, from 1024",
            "a range such as `20000-20099` (at least `MAX_SERVERS` ports) from which the session servers take their "
                    + "WebSocket ports, each with its internal port at + 1000, so that a firewall or a TLS proxy can be "
                    + "set up for them ahead (deploy/README.md); unset, any free ports");
    public static final SettingsTable TABLE = new SettingsTable("local", List.of(MIN_SERVERS, MAX_SERVERS,
            SERVER_IDLE_SECONDS, SERVER_START_TIMEOUT_SECONDS, SESSION_JAR, SESSION_JAVA_OPTS, SESSION_HOSTNAME,
            SESSION_PORTS));
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
        String secret = SharedSettings.JWT_SECRET.secret(env);
        Path jar = Path.of(SESSION_JAR.text(env)).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new Env.ConfigException("SESSION_JAR: no session server jar at " + jar
                    + " (build it with ./build.sh, or point SESSION_JAR at session/target/session.jar)");
        }
        int min = MIN_SERVERS.intValue(env);
        int max = MAX_SERVERS.intValue(env);
        if (min > max) {
            throw new Env.ConfigException("MIN_SERVERS (" + min + ") must not exceed MAX_SERVERS (" + max + ")");
        }
        Optional<FreePorts.Range> ports = SESSION_PORTS.isSet(env)
                ? Optional.of(FreePorts.Range.parse(SESSION_PORTS.name(), SESSION_PORTS.text(env)))
                : Optional.empty();
        if (ports.isPresent() && ports.get().size() < max) {
            throw new Env.ConfigException("SESSION_PORTS has " + ports.get().size() + " ports, fewer than MAX_SERVERS ("
                    + max + ")");
        }

        List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SessionJvmOptions.DEFAULTS);
        command.addAll(ClassDataArchive.jvmOptions(jar));
        for (String option : SESSION_JAVA_OPTS.text(env, "").split("\\s+")) {
            if (!option.isEmpty()) {
                command.add(option);
            }
        }
        command.add("-jar");
        command.add(jar.toString());

        // The children see the backend's whole configuration, so one environment configures the local
        // stack (ROOMS_PER_SERVER, USERS_PER_ROOM, FSYNC...); each child's ports are set when it starts.
        Map<String, String> child = new HashMap<>(vars);
        child.put(SharedSettings.JWT_SECRET.name(), secret);
        // Relative to the backend, so the children (started in the same directory) share it exactly.
        child.put(SharedSettings.DATA_DIR.name(), Path.of(SharedSettings.DATA_DIR.text(env)).toAbsolutePath().toString());

        return new LocalSchedulerConfig(List.copyOf(command), Map.copyOf(child),
                SESSION_HOSTNAME.text(env), min, max, SERVER_IDLE_SECONDS.seconds(env),
                SERVER_START_TIMEOUT_SECONDS.seconds(env),
                SharedSettings.ROOMS_PER_SERVER.intValue(env), ports,
                SessionServerCalls.from(env));
    }

    /** The longest a lookup may take: waiting for a server to start, for a room to be handed over, and opened. */
    @Override
    public Duration longestCall() {
        return serverStartTimeout.multipliedBy(2).plus(HANDOVER_TIMEOUT).plus(ADMISSION_TIMEOUT);
    }

    public String jwtSecret() {
        return childEnvironment.get(SharedSettings.JWT_SECRET.name());
    }

    @Override
    public String toString() { // never the children's environment, which holds the secret
        return "LocalSchedulerConfig[minServers=" + minServers + ", maxServers=" + maxServers + ", " + calls + "]";
    }
}
