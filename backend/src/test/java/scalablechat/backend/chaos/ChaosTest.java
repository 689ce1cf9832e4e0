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
        check(run(ChaosSettings.quick()), "local");
    }

    /** Issue 13: the same faults and invariants with SCHEDULER=agones, session servers as GameServers. */
    @Test
    void quickRunOnAgones() throws Exception {
        check(run(ChaosSettings.quick(), AgonesStack::start, "agones"), "agones");
    }

    @Test
    @EnabledIfSystemProperty(named = "chaos.faults", matches = "\\d+")
    void thoroughRun() throws Exception {
        int faults = Integer.parseInt(System.getProperty("chaos.faults"));
        long seed = Long.parseLong(System.getProperty("chaos.seed", Long.toString(System.currentTimeMillis() % 100_000)));
        check(run(ChaosSettings.thorough(faults, seed)), "local");
    }

    /** Runs, and keeps the processes' log next to the report whatever happens. */
    private ChaosReport run(ChaosSettings settings) throws Exception {
        return run(settings, LocalStack::start, "local");
    }

    /** {@code scheduler} names the files: the local scheduler's keep the plain names, others get a suffix. */
    private ChaosReport run(ChaosSettings settings, ChaosStack.Starter stack, String scheduler) throws Exception {
        Files.deleteIfExists(report(scheduler));
        try {
            return new ChaosRun(settings, workDir, stack).run();
        } finally {
            Path log = workDir.resolve("stack.log");
            if (Files.exists(log)) {
                Files.createDirectories(REPORT.toAbsolutePath().getParent());
                String name = scheduler.equals("local") ? "chaos-stack.log" : "chaos-stack-" + scheduler + ".log";
                Files.copy(log, REPORT.resolveSibling(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path report(String scheduler) {
        return scheduler.equals("local") ? REPORT : REPORT.resolveSibling("chaos-report-" + scheduler + ".txt");
    }

    private static void check(ChaosReport report, String scheduler) throws Exception {
        String table = "scheduler: " + scheduler + "\n" + report.table();
        System.out.println(table);
        Files.createDirectories(REPORT.toAbsolutePath().getParent());
        Files.writeString(report(scheduler), table);
        assertTrue(report.failuresThatCount().isEmpty(), "chaos checks failed:\n" + table);
        // Without durable history the checks that need it are reported, not enforced; the run then counts as
        // skipped rather than passed, so nobody mistakes it for the full guarantee.
        Assumptions.assumeTrue(report.historyOnDisk(),
                "session servers keep no history on disk yet: only the checks that don't need it were enforced\n" + table);
    }
}
