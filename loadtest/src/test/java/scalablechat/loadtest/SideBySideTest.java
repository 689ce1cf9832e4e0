package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SideBySideTest {
    private static JsonObject run(String label, double p99, double other) {
        return Json.object().add("scenario", "paced").add("label", label).add("p99Ms", p99).add("p50Ms", 1.0)
                .add("deliveries", 1000).add("serverCpuSeconds", 0.1).add("otherCpuPercent", other);
    }

    @Test
    void mediansRatiosAndVerdictsLeaveBusyRunsOut() {
        List<JsonObject> runs = List.of(
                run("paced:original", 6, 1), run("paced:original", 5, 2), run("paced:original", 4, 3),
                run("paced:ours", 3, 1), run("paced:ours", 100, 50), // the busy one must not count
                run("paced:ours-fsync-never", 2, 1),
                Json.object().add("scenario", "disk").add("label", "disk").add("p99Ms", 1.5));
        String table = SideBySide.table(runs);
        assertTrue(table.contains("| paced | durable p99 above this disk's fdatasync p99 (1.50 ms), ms | | 1.50 | | <= 1 ms | **miss** |"), table);
        assertTrue(table.contains("| paced | p99 latency, ms (durable) | 5.00 (n=3) | 3.00 (n=1, 1*) | 0.60x | <= 1x | met |"), table);
        assertTrue(table.contains("| paced | p99 latency, ms (FSYNC=never) | 5.00 (n=3) | 2.00 (n=1) | 0.40x | <= 0.5x | met |"), table);
        assertTrue(table.contains("| paced | p50 latency, ms (FSYNC=never) | 1.00 (n=3) | 1.00 (n=1) | 1.00x | <= 1x | met |"), table);
        assertTrue(table.contains("1 of 7 runs were next to busier neighbours"), table);
        assertFalse(table.contains("| burst |"), "workloads that did not run are not listed");
    }

    @Test
    void aMissIsAMissAndAMissingSideIsNotMeasured() {
        List<JsonObject> runs = List.of(run("paced:original", 5, 0), run("paced:ours", 8, 0));
        String table = SideBySide.table(runs);
        assertTrue(table.contains("| paced | p99 latency, ms (durable) | 5.00 (n=1) | 8.00 (n=1) | 1.60x | <= 1x | **miss** |"), table);
        assertTrue(table.contains("| paced | p99 latency, ms (FSYNC=never) | 5.00 (n=1) | - | n/a | <= 0.5x | not measured |"), table);
    }
}
