package scalablechat.common.metrics;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A server's metrics, and their scrape in the Prometheus text format ({@code GET /metrics}).
 * Metrics are registered once, at start, and appear in that order. Recording is lock-free from any
 * thread; a scrape reads every metric without stopping the writers, so counts seen in one scrape may be
 * a few observations apart from each other, but each histogram is consistent within itself.
 *
 * <p>Names are checked when registered, against the format and the usual conventions: snake_case,
 * counters end in {@code _total}, durations are in {@code _seconds}, sizes in {@code _bytes}.
 */
public final class MetricRegistry {
    public static final String CONTENT_TYPE = TextFormat.CONTENT_TYPE;

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String COUNTER_SUFFIX = "_total";
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    /** One registered metric: how to write its samples after its HELP and TYPE lines. */
    private record Entry(String name, String help, String type, SampleWriter samples) {}

    @FunctionalInterface
    private interface SampleWriter {
        void write(TextFormat out, String name);
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    /** Every sample name in use, so that no two metrics can write the same series. */
    private final Set<String> sampleNames = new HashSet<>();

    public Counter counter(String name, String help) {
        Counter counter = new Counter();
        register(name, help, "counter", List.of(), (out, n) -> out.sample(n, List.of(), List.of(), counter.value()));
        return counter;
    }

    /** A counter kept elsewhere (the JVM's CPU time, say), read at each scrape; it must never go down. */
    public void counter(String name, String help, DoubleSupplier value) {
        register(name, help, "counter", List.of(), (out, n) -> out.sample(n, List.of(), List.of(), value.getAsDouble()));
    }

    public Family<Counter> counterFamily(String name, String help, String... labelNames) {
        Family<Counter> family = new Family<>(labels(labelNames), Counter::new);
        register(name, help, "counter", family.labelNames(), (out, n) -> {
            for (Map.Entry<List<String>, Counter> child : family.sortedChildren()) {
                out.sample(n, family.labelNames(), child.getKey(), child.getValue().value());
            }
        });
        return family;
    }

    public Gauge gauge(String name, String help) {
        Gauge gauge = new Gauge();
        register(name, help, "gauge", List.of(), (out, n) -> out.sample(n, List.of(), List.of(), gauge.value()));
        return gauge;
    }

    /** A gauge computed at each scrape, on the scraping thread: keep it cheap and thread-safe. */
    public void gauge(String name, String help, DoubleSupplier value) {
        register(name, help, "gauge", List.of(), (out, n) -> out.sample(n, List.of(), List.of(), value.getAsDouble()));
    }

    /**
     * A labeled gauge computed at each scrape: {@code values} maps label values (in the order of
     * {@code labelNames}) to the value. Combinations it leaves out are not shown.
     */
    public void gaugeFamily(String name, String help, List<String> labelNames,
                            Supplier<? extends Map<List<String>, ? extends Number>> values) {
        List<String> names = labels(labelNames.toArray(String[]::new));
        register(name, help, "gauge", names, (out, n) -> {
            Map<List<String>, ? extends Number> now = values.get();
            List<List<String>> keys = new ArrayList<>(now.keySet());
            keys.sort((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
            for (List<String> key : keys) {
                if (key.size() != names.size()) {
                    throw new IllegalStateException(n + ": expected values for " + names + ", got " + key);
                }
                out.sample(n, names, key, now.get(key).doubleValue());
            }
        });
    }

    public Histogram histogram(String name, String help, double... upperBounds) {
        Histogram histogram = new Histogram(bounds(name, upperBounds));
        register(name, help, "histogram", List.of(), (out, n) -> writeHistogram(out, n, List.of(), List.of(), histogram));
        return histogram;
    }

    public Family<Histogram> histogramFamily(String name, String help, double[] upperBounds, String... labelNames) {
        double[] bounds = bounds(name, upperBounds);
        Family<Histogram> family = new Family<>(labels(labelNames), () -> new Histogram(bounds));
        if (family.labelNames().contains("le")) {
            throw new IllegalArgumentException(name + ": a histogram can't have a label named le");
        }
        register(name, help, "histogram", family.labelNames(), (out, n) -> {
            for (Map.Entry<List<String>, Histogram> child : family.sortedChildren()) {
                writeHistogram(out, n, family.labelNames(), child.getKey(), child.getValue());
            }
        });
        return family;
    }

    /** Every metric in the text format, in the order they were registered. */
    public String scrape() {
        StringBuilder text = new StringBuilder(8192);
        TextFormat out = new TextFormat(text);
        for (Entry entry : entries) {
            out.header(entry.name(), entry.help(), entry.type());
            entry.samples().write(out, entry.name());
        }
        return text.toString();
    }

    /** Answers {@code exchange} with a scrape (status 200). */
    public void send(HttpExchange exchange) throws IOException {
        byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(200, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void writeHistogram(TextFormat out, String name, List<String> labelNames, List<String> labelValues,
                                       Histogram histogram) {
        Histogram.Snapshot snapshot = histogram.snapshot();
        double[] bounds = snapshot.upperBounds();
        long[] counts = snapshot.cumulativeCounts();
        for (int i = 0; i < bounds.length; i++) {
            out.bucket(name + "_bucket", labelNames, labelValues, TextFormat.bound(bounds[i]), counts[i]);
        }
        out.bucket(name + "_bucket", labelNames, labelValues, "+Inf", snapshot.count());
        out.sample(name + "_sum", labelNames, labelValues, snapshot.sum());
        out.sample(name + "_count", labelNames, labelValues, snapshot.count());
    }

    private synchronized void register(String name, String help, String type, List<String> labelNames,
                                       SampleWriter samples) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: \"" + name + "\"");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException(name + ": say what it means in its help text");
        }
        if (type.equals("counter") != name.endsWith(COUNTER_SUFFIX)) {
            throw new IllegalArgumentException(name + ": counters, and only counters, end in " + COUNTER_SUFFIX);
        }
        List<String> reserved = new ArrayList<>(List.of(name));
        if (type.equals("histogram")) {
            HISTOGRAM_SUFFIXES.forEach(suffix -> reserved.add(name + suffix));
        }
        for (String sample : reserved) {
            if (sampleNames.contains(sample)) {
                throw new IllegalArgumentException(name + ": the name " + sample + " is taken by another metric");
            }
        }
        sampleNames.addAll(reserved);
        entries.add(new Entry(name, help, type, samples));
    }

    private static List<String> labels(String... names) {
        Set<String> seen = new HashSet<>();
        for (String label : names) {
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("not a label name: \"" + label + "\"");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("label " + label + " given twice");
            }
        }
        return List.of(names);
    }

    private static double[] bounds(String name, double[] upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException(name + ": a histogram needs at least one bucket");
        }
        double[] copy = Arrays.copyOf(upperBounds, upperBounds.length);
        for (int i = 0; i < copy.length; i++) {
            if (!Double.isFinite(copy[i]) || (i > 0 && copy[i] <= copy[i - 1])) {
                throw new IllegalArgumentException(name + ": bucket bounds must be finite and rising: "
                        + Arrays.toString(upperBounds));
            }
        }
        return copy;
    }
}
