package scalablechat.backend.chaos;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the session server jar that tests of the local scheduler start as child processes: SESSION_JAR
 * when set, else the session module's shaded jar (built by {@code package} earlier in the same reactor
 * run, e.g. {@code ./build.sh test}), else {@code dist/session.jar}.
 */
public final class SessionJar {
    private SessionJar() {}

    public static Path locate() {
        String configured = System.getenv("SESSION_JAR");
        if (configured != null && !configured.isBlank()) {
            return require(Path.of(configured));
        }
        for (Path candidate : new Path[] {Path.of("../session/target/session.jar"), Path.of("session/target/session.jar"),
                Path.of("../dist/session.jar"), Path.of("dist/session.jar")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no session server jar: these tests start real session servers from "
                + "session/target/session.jar. Run them through the reactor so the session module is packaged "
                + "first (./build.sh test, or ./build.sh mvn -pl backend -am verify), or set SESSION_JAR.");
    }

    private static Path require(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("SESSION_JAR names " + jar.toAbsolutePath() + ", which is not a file");
        }
        return jar.toAbsolutePath().normalize();
    }
}
