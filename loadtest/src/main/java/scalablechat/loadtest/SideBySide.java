package scalablechat.loadtest;

import com.eclipsesource.json.JsonObject;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side table of {@code make bench}: for each workload run against both servers with the same tool in the
 * same bench, the original's median, ours, their ratio, issue 12's target and the verdict. Runs are labelled
 * {@code <workload>:original}, {@code <workload>:ours} and {@code <workload>:ours-fsync-never}. A run taken while the
 * rest of the machine used more than {@link #BUSY_NEIGHBOURS_PERCENT} % of a core is marked and left out of the
 * medians. Usage: {@code java -cp loadtest.jar scalablechat.loadtest.SideBySide results.jsonl}.
 */
public final class SideBySide {
    /** Other processes' CPU, in % of one core, above which a run says more about them than about the servers. */
    static final double BUSY_NEIGHBOURS_PERCENT = 10;

    /** How ours must compare with the original: ours / original against a bound, higher or lower being better. */
    private record Target(String text, double bound, boolean higherIsBetter) {
        boolean met(double ratio) {
            return higherIsBetter ? ratio >= bound : ratio <= bound;
        }
    }

    private record Measure(String workload, String what, String ours, ToDoubleFunction<JsonObject> value, Target target) {}

    private static final List<Measure> MEASURES = List.of(
            new Measure("paced", "p50 latency, ms (FSYNC=never)", "ours-fsync-never", r -> r.getDouble("p50Ms", Double.NaN),
                    new Target("<= 1x", 1, false)),
            new Measure("paced", "p99 latency, ms (FSYNC=never)", "ours-fsync-never", r -> r.getDouble("p99Ms", Double.NaN),
                    new Target("<= 0.5x", 0.5, false)),
            new Measure("paced", "p99 latency, ms (durable)", "ours", r -> r.getDouble("p99Ms", Double.NaN),
                    new Target("<= 1x", 1, false)),
            new Measure("paced", "server CPU ms per 1,000 deliveries (durable)", "ours", SideBySide::cpuPerThousand,
                    new Target("<= 0.5x", 0.5, false)),
            new Measure("burst", "deliveries/s, cold", "ours", r -> r.getDouble("deliveriesPerSecond", Double.NaN),
                    new Target(">= 5x", 5, true)),
            new Measure("burst", "p99 latency, ms, cold", "ours", r -> r.getDouble("p99Ms", Double.NaN),
                    new Target("<= 0.1x", 0.1, false)),
            new Measure("burst-warm", "deliveries/s, warm", "ours", r -> r.getDouble("deliveriesPerSecond", Double.NaN),
                    new Target(">= 10x", 10, true)),
            new Measure("ramp", "highest deliveries/s held at p99 < 50 ms (v2 against the original protocol)", "ours",
                    r -> r.getDouble("heldDeliveriesPerSecond", Double.NaN), new Target(">= 15x", 15, true)),
            new Measure("idle-2k", "resident KB per idle connection", "ours", r -> r.getDouble("rssPerConnectionKB", Double.NaN),
                    new Target("<= 1x", 1, false)),
            new Measure("idle-10k", "resident KB per idle connection", "ours", r -> r.getDouble("rssPerConnectionKB", Double.NaN),
                    new Target("<= 1x", 1, false)),
            new Measure("login", "backend logins/s (wrk)", "ours", r -> r.getDouble("requestsPerSecond", Double.NaN),
                    new Target(">= 20x", 20, true)),
            new Measure("lookup", "backend lookups/s (wrk)", "ours", r -> r.getDouble("requestsPerSecond", Double.NaN),
                    new Target(">= 20x", 20, true)));

    private SideBySide() {}

    public static void main(String[] args) throws IOException {
        List<JsonObject> runs = new ArrayList<>();
        for (String file : args) {
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                runs.addAll(Medians.read(reader));
            }
        }
        System.out.print(table(runs));
    }

    static String table(List<JsonObject> runs) {
        StringBuilder out = new StringBuilder("| workload | measure | original | ours | ours / original | target | verdict |\n"
                + "|---|---|---|---|---|---|---|\n");
        int marked = 0;
        for (JsonObject run : runs) {
            if (isBusy(run)) {
                marked++;
            }
        }
        for (Measure measure : MEASURES) {
            Figure original = median(runs, measure.workload() + ":original", measure.value());
            Figure ours = median(runs, measure.workload() + ":" + measure.ours(), measure.value());
            if (original.runs() == 0 && ours.runs() == 0) {
                continue;
            }
            double ratio = ours.value() / original.value();
            boolean comparable = original.runs() > 0 && ours.runs() > 0 && Double.isFinite(ratio) && original.value() > 0;
            out.append("| ").append(measure.workload()).append(" | ").append(measure.what()).append(" | ")
                    .append(original.text()).append(" | ").append(ours.text()).append(" | ")
                    .append(comparable ? format(ratio) + "x" : "n/a").append(" | ").append(measure.target().text())
                    .append(" | ").append(comparable ? (measure.target().met(ratio) ? "met" : "**miss**") : "not measured")
                    .append(" |\n");
        }
        Figure disk = median(runs, "disk", r -> r.getDouble("p99Ms", Double.NaN));
        Figure durable = median(runs, "paced:ours", r -> r.getDouble("p99Ms", Double.NaN));
        if (disk.runs() > 0 && durable.runs() > 0) {
            double over = durable.value() - disk.value();
            out.append("| paced | durable p99 above this disk's fdatasync p99 (").append(format(disk.value()))
                    .append(" ms), ms | | ").append(format(over)).append(" | | <= 1 ms | ")
                    .append(over <= 1 ? "met" : "**miss**").append(" |\n");
        }
        out.append("\nMedians of the runs taken while the rest of the machine used at most ")
                .append(format(BUSY_NEIGHBOURS_PERCENT)).append(" % of a core (n = runs counted). ")
                .append(marked).append(" of ").append(runs.size()).append(" runs were next to busier neighbours: marked *, left out")
                .append(marked > 0 ? "; redo them on a quiet machine." : ".").append("\n");
        return out.toString();
    }

    /** A median over the quiet runs with this label, and how many there were (and how many busy ones were left out). */
    private record Figure(double value, int runs, int busy) {
        String text() {
            if (runs == 0) {
                return busy > 0 ? "* (" + busy + " busy)" : "-";
            }
            return format(value) + " (n=" + runs + (busy > 0 ? ", " + busy + "*" : "") + ")";
        }
    }

    private static Figure median(List<JsonObject> runs, String label, ToDoubleFunction<JsonObject> value) {
        List<Double> values = new ArrayList<>();
        int busy = 0;
        for (JsonObject run : runs) {
            if (!label.equals(run.getString("label", ""))) {
                continue;
            }
            if (isBusy(run)) {
                busy++;
                continue;
            }
            double v = value.applyAsDouble(run);
            if (Double.isFinite(v)) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            return new Figure(Double.NaN, 0, busy);
        }
        values.sort(null);
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        return new Figure(median, n, busy);
    }

    static boolean isBusy(JsonObject run) {
        return run.getDouble("otherCpuPercent", 0) > BUSY_NEIGHBOURS_PERCENT;
    }

    private static double cpuPerThousand(JsonObject run) {
        double deliveries = run.getDouble("deliveries", 0);
        return deliveries > 0 ? 1000 * 1000 * run.getDouble("serverCpuSeconds", Double.NaN) / deliveries : Double.NaN;
    }

    private static String format(double value) {
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
