package scalablechat.backend.chaos;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-injection suite. {@link #quickRun()} is part of {@code make test}; {@link #thoroughRun()} is
 * {@code make chaos} ({@code -Dchaos.faults=N}, {@code -Dchaos.seed=S}). Both print their report and write it to
 * {@code backend/target/chaos-report.txt}, with the backend's and session servers' log in {@code chaos-stack.log}.
 */
class ChaosTest {
    static final Path REPORT = Path.of("target", "chaos-report.txt");

    @TempDir
    Path workDir;

    @Test
    void quickRun() throws Exception {
        check(run(ChaosSettings.quick()));
    }

    @Test
    @EnabledIfSystemProperty(named = "chaos.faults", matches = "\\d+")
    void thoroughRun() throws Exception {
        int faults = Integer.parseInt(System.getProperty("chaos.faults"));
        long seed = Long.parseLong(System.getProperty("chaos.seed", Long.toString(System.currentTimeMillis() % 100_000)));
        check(run(ChaosSettings.thorough(faults, seed)));
    }

    /** Runs, and keeps the processes' log next to the report whatever happens. */
    private ChaosReport run(ChaosSettings settings) throws Exception {
        Files.deleteIfExists(REPORT);
        try {
            return new ChaosRun(settings, workDir).run();
        } finally {
            Path log = workDir.resolve("stack.log");
            if (Files.exists(log)) {
                Files.createDirectories(REPORT.toAbsolutePath().getParent());
                Files.copy(log, REPORT.resolveSibling("chaos-stack.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void check(ChaosReport report) throws Exception {
        String table = report.table();
        System.out.println(table);
        Files.createDirectories(REPORT.toAbsolutePath().getParent());
        Files.writeString(REPORT, table);
        assertTrue(report.failuresThatCount().isEmpty(), "chaos checks failed:\n" + table);
        // Without durable history the checks that need it are reported, not enforced; the run then counts as
        // skipped rather than passed, so nobody mistakes it for the full guarantee.
        Assumptions.assumeTrue(report.historyOnDisk(),
                "session servers keep no history on disk yet: only the checks that don't need it were enforced\n" + table);
    }
}
