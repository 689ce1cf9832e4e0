package scalablechat.backend.scheduler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scheduler packages' import rules, read from the sources: this package is the seam every scheduler and the
 * backend use, and each scheduler lives in a sub-package of it (fixed, local, hathora, agones). No scheduler
 * reaches into another scheduler's package, the seam reaches into none, and nothing in them reaches back into
 * the backend. A reference anywhere in a file counts (an import, a fully-qualified name in code, or one in a
 * comment's {@code @link}).
 */
class SchedulerPackagesTest {
    /** Maven runs the tests in the module's directory. */
    private static final Path SOURCES = Path.of("src/main/java/scalablechat/backend/scheduler");
    private static final Set<String> SCHEDULERS = Set.of("fixed", "local", "hathora", "agones");
    private static final Pattern SUB_PACKAGE = Pattern.compile("\\bscalablechat\\.backend\\.scheduler\\.([a-z]\\w*)\\b");
    private static final Pattern BACKEND_OUTSIDE_SCHEDULER =
            Pattern.compile("\\bscalablechat\\.backend\\.(?!scheduler\\b)\\w+");

    private record Source(Path file, String subPackage, String text) {
        boolean shared() {
            return subPackage.isEmpty();
        }
    }

    private static List<Source> sources() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), SOURCES.toAbsolutePath() + " is not the scheduler's sources");
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                Path folder = SOURCES.relativize(file).getParent();
                String subPackage = folder == null ? "" : folder.getName(0).toString();
                sources.add(new Source(file, subPackage, Files.readString(file)));
            }
        }
        return sources;
    }

    @Test
    void theSchedulersAreTheSubPackages() throws IOException {
        Set<String> found = new TreeSet<>();
        for (Source source : sources()) {
            if (!source.shared()) {
                found.add(source.subPackage());
            }
        }
        assertEquals(new TreeSet<>(SCHEDULERS), found, "a new scheduler package belongs in SCHEDULERS");
    }

    @Test
    void noSchedulerUsesAnotherSchedulersPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Source source : sources()) {
            Matcher reference = SUB_PACKAGE.matcher(source.text());
            while (reference.find()) {
                String used = reference.group(1);
                if (!source.shared() && !used.equals(source.subPackage())) {
                    violations.add(source.file() + " (" + source.subPackage() + ") uses " + reference.group());
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theSharedPackageUsesNoSchedulerPackage() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Source source : sources()) {
            Matcher reference = SUB_PACKAGE.matcher(source.text());
            while (source.shared() && reference.find()) {
                violations.add(source.file() + " uses " + reference.group());
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void nothingFlowsBackIntoTheBackend() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Source source : sources()) {
            Matcher reference = BACKEND_OUTSIDE_SCHEDULER.matcher(source.text());
            while (reference.find()) {
                violations.add(source.file() + " uses " + reference.group());
            }
        }
        assertEquals(List.of(), violations);
    }
}
