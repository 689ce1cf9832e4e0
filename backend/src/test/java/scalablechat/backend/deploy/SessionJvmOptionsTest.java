package scalablechat.backend.deploy;

import org.junit.jupiter.api.Test;
import scalablechat.backend.scheduler.local.LocalSchedulerConfig;
import scalablechat.common.SessionJvmOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a session server is started uses the same JVM options: make run's children, the bench, systemd, Docker. */
class SessionJvmOptionsTest {
    private static final String JOINED = String.join(" ", SessionJvmOptions.DEFAULTS);

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("build.sh"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    @Test
    void theLocalSchedulerStartsItsSessionServersWithThem() {
        LocalSchedulerConfig config = LocalSchedulerConfig.from(Map.of("JWT_SECRET", "x".repeat(40),
                "SESSION_JAR", scalablechat.backend.chaos.SessionJar.locate().toString(), "SESSION_JAVA_OPTS", "-Xmx64m"));
        String command = String.join(" ", config.sessionCommand());
        assertTrue(command.contains(JOINED), command);
        assertTrue(command.indexOf(JOINED) < command.indexOf("-Xmx64m"), "SESSION_JAVA_OPTS come later, so they win");
    }

    @Test
    void theScriptsTheUnitAndTheImageRepeatThem() throws IOException {
        Path root = root();
        assertTrue(Files.readString(root.resolve("scripts/find-jdk.sh")).contains("SESSION_JVM_OPTS=\"" + JOINED + "\""));
        assertTrue(Files.readString(root.resolve("scripts/bench.sh")).contains("${BENCH_SESSION_JVM_OPTS-$SESSION_JVM_OPTS}"), "the bench uses them");
        assertTrue(Files.readString(root.resolve("deploy/systemd/scalablechat-session@.service")).contains(JOINED));
        String quoted = SessionJvmOptions.DEFAULTS.stream().map(o -> "\"" + o + "\"").collect(Collectors.joining(", "));
        assertTrue(Files.readString(root.resolve("session/Dockerfile")).contains(quoted), quoted);
    }
}
