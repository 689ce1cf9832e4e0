package scalablechat.common.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4, for tests: it parses every line of a scrape and
 * refuses anything our writer must never produce. Checked: HELP and TYPE syntax (once per metric, HELP
 * and TYPE for every metric, TYPE before its samples), sample syntax (names, labels, escapes, values),
 * every sample belonging to a declared metric of a fitting type, a metric's samples together, no series
 * twice, counters not negative, and histograms well formed: rising {@code le} bounds, cumulative counts,
 * a {@code +Inf} bucket equal to {@code _count}, and a {@code _sum}. A violation throws
 * {@link IllegalArgumentException} naming the line.
 *
 * <p>Used by the tests of both servers (the common module's test jar).
 */
public final class PrometheusScrape {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, String> helps = new HashMap<>();

    private PrometheusScrape() {}

    public static PrometheusScrape parse(String text) {
        PrometheusScrape scrape = new PrometheusScrape();
        scrape.read(text);
        return scrape;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The TYPE of a metric, or null when it is not declared. */
    public String type(String metric) {
        return types.get(metric);
    }

    public String help(String metric) {
        return helps.get(metric);
    }

    public Set<String> metrics() {
        return types.keySet();
    }

    /** The value of the series with exactly these labels ({@code "name", "value", ...}); fails when absent. */
    public double value(String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(wanted)) {
                return sample.value();
            }
        }
        throw new AssertionError("no series " + name + wanted + " in the scrape");
    }

    /** The value of that series, or {@code fallback} when it is absent (a labeled child not made yet). */
    public double valueOr(double fallback, String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(wanted)) {
                return sample.value();
            }
        }
        return fallback;
    }

    /** The sum over every series of {@code name} whose labels include these ({@code "name", "value", ...}). */
    public double sum(String name, String... labelPairs) {
        Map<String, String> wanted = pairs(labelPairs);
        double total = 0;
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().entrySet().containsAll(wanted.entrySet())) {
                total += sample.value();
            }
        }
        return total;
    }

    private static Map<String, String> pairs(String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            map.put(labelPairs[i], labelPairs[i + 1]);
        }
        return map;
    }

    // ---- reading ----

    private final Set<String> finished = new HashSet<>();
    private final Set<String> seriesSeen = new HashSet<>();
    private final Map<String, HistogramSeries> histograms = new LinkedHashMap<>();
    private String current;
    private int lineNumber;

    private void read(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty scrape");
        }
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("the last line does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        for (String line : lines) {
            lineNumber++;
            if (line.indexOf('\r') >= 0) {
                throw fail(line, "carriage return");
            }
            if (line.startsWith("# HELP ")) {
                readHelp(line);
            } else if (line.startsWith("# TYPE ")) {
                readType(line);
            } else if (line.startsWith("#")) {
                throw fail(line, "a comment that is neither HELP nor TYPE");
            } else if (line.isEmpty()) {
                throw fail(line, "an empty line");
            } else {
                sample(line);
            }
        }
        for (String metric : types.keySet()) {
            if (!helps.containsKey(metric)) {
                throw new IllegalArgumentException(metric + " has a TYPE but no HELP");
            }
        }
        for (String metric : helps.keySet()) {
            if (!types.containsKey(metric)) {
                throw new IllegalArgumentException(metric + " has a HELP but no TYPE");
            }
        }
        histograms.forEach((key, series) -> series.check(key));
    }

    private void readHelp(String line) {
        String rest = line.substring("# HELP ".length());
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw fail(line, "HELP without text");
        }
        String name = rest.substring(0, space);
        checkMetricName(line, name);
        enter(line, name);
        if (helps.put(name, unescape(line, rest.substring(space + 1), false)) != null) {
            throw fail(line, "second HELP for " + name);
        }
    }

    private void readType(String line) {
        String[] parts = line.substring("# TYPE ".length()).split(" ", -1);
        if (parts.length != 2) {
            throw fail(line, "TYPE must be a name and a type");
        }
        checkMetricName(line, parts[0]);
        if (!TYPES.contains(parts[1])) {
            throw fail(line, "unknown type " + parts[1]);
        }
        enter(line, parts[0]);
        if (types.put(parts[0], parts[1]) != null) {
            throw fail(line, "second TYPE for " + parts[0]);
        }
        if (samples.stream().anyMatch(s -> familyOf(s.name()).equals(parts[0]))) {
            throw fail(line, "TYPE after samples of " + parts[0]);
        }
    }

    /** A metric's lines must stay together: once another metric's lines start, it can't come back. */
    private void enter(String line, String metric) {
        if (metric.equals(current)) {
            return;
        }
        if (finished.contains(metric)) {
            throw fail(line, metric + " continues after another metric's lines");
        }
        if (current != null) {
            finished.add(current);
        }
        current = metric;
    }

    private void sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        checkMetricName(line, name);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw fail(line, "no space before the value");
        }
        String valueText = line.substring(i + 1);
        if (valueText.contains(" ")) {
            throw fail(line, "a timestamp or trailing text after the value");
        }
        double value = number(line, valueText);

        String family = familyOf(name);
        String type = types.get(family);
        if (type == null) {
            throw fail(line, "sample of " + name + " before (or without) its TYPE");
        }
        enter(line, family);
        if (!seriesSeen.add(name + labels)) {
            throw fail(line, "series given twice");
        }
        switch (type) {
            case "counter" -> {
                if (!name.equals(family) || !(value >= 0)) {
                    throw fail(line, "a counter sample must be the metric itself, and not negative");
                }
            }
            case "gauge", "untyped" -> {
                if (!name.equals(family)) {
                    throw fail(line, "a " + type + " sample must be the metric itself");
                }
            }
            case "histogram" -> histogramSample(line, family, name, labels, value);
            default -> throw fail(line, "this reader does not check " + type);
        }
        samples.add(new Sample(name, Map.copyOf(labels), value));
    }

    private void histogramSample(String line, String family, String name, Map<String, String> labels, double value) {
        Map<String, String> withoutLe = new TreeMap<>(labels);
        String le = withoutLe.remove("le");
        HistogramSeries series = histograms.computeIfAbsent(family + withoutLe, k -> new HistogramSeries());
        if (!(value >= 0)) {
            throw fail(line, "a histogram value can't be negative");
        }
        if (name.equals(family + "_bucket")) {
            if (le == null) {
                throw fail(line, "a bucket without le");
            }
            double bound = number(line, le);
            if (series.count != null || series.sum != null) {
                throw fail(line, "a bucket after _sum or _count");
            }
            if (!series.bounds.isEmpty() && !(bound > series.bounds.get(series.bounds.size() - 1))) {
                throw fail(line, "le bounds must rise");
            }
            if (!series.counts.isEmpty() && value < series.counts.get(series.counts.size() - 1)) {
                throw fail(line, "bucket counts must be cumulative (never fall)");
            }
            if (value != Math.rint(value)) {
                throw fail(line, "a bucket count must be whole");
            }
            series.bounds.add(bound);
            series.counts.add(value);
        } else if (le != null) {
            throw fail(line, "le on a sample that is not a bucket");
        } else if (name.equals(family + "_sum")) {
            series.sum = value;
        } else if (name.equals(family + "_count")) {
            series.count = value;
        } else {
            throw fail(line, "a histogram has only _bucket, _sum and _count samples");
        }
    }

    private static final class HistogramSeries {
        final List<Double> bounds = new ArrayList<>();
        final List<Double> counts = new ArrayList<>();
        Double sum;
        Double count;

        void check(String key) {
            if (bounds.isEmpty() || bounds.get(bounds.size() - 1) != Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException(key + ": no +Inf bucket");
            }
            if (count == null || sum == null) {
                throw new IllegalArgumentException(key + ": _sum or _count missing");
            }
            if (!count.equals(counts.get(counts.size() - 1))) {
                throw new IllegalArgumentException(key + ": +Inf bucket " + counts.get(counts.size() - 1)
                        + " is not _count " + count);
            }
        }
    }

    /** The metric a sample name belongs to: itself, or a histogram's name without its suffix. */
    private String familyOf(String name) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return name;
    }

    /** Reads {@code name="value",...}} from {@code i}; returns the index after the closing brace. */
    private int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw fail(line, "label without =");
            }
            String name = line.substring(i, eq);
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                throw fail(line, "bad label name \"" + name + "\"");
            }
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw fail(line, "label value not quoted");
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= line.length()) {
                    throw fail(line, "label value not closed");
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (j + 1 >= line.length()) {
                        throw fail(line, "dangling backslash");
                    }
                    char next = line.charAt(j + 1);
                    switch (next) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw fail(line, "bad escape \\" + next + " in a label value");
                    }
                    j += 2;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (labels.put(name, value.toString()) != null) {
                throw fail(line, "label " + name + " given twice");
            }
            j++; // the closing quote
            if (j >= line.length()) {
                throw fail(line, "labels not closed");
            }
            if (line.charAt(j) == '}') {
                return j + 1;
            }
            if (line.charAt(j) != ',') {
                throw fail(line, "expected , or } after a label");
            }
            i = j + 1;
        }
    }

    private String unescape(String line, String text, boolean labelValue) {
        StringBuilder out = new StringBuilder();
        for (int j = 0; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (j + 1 >= text.length()) {
                throw fail(line, "dangling backslash");
            }
            char next = text.charAt(++j);
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case '"' -> {
                    if (!labelValue) {
                        throw fail(line, "\\\" is not an escape in HELP text");
                    }
                    out.append('"');
                }
                default -> throw fail(line, "bad escape \\" + next);
            }
        }
        return out.toString();
    }

    private double number(String line, String text) {
        switch (text) {
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            case "NaN":
                return Double.NaN;
            default:
                if (!text.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw fail(line, "not a number: \"" + text + "\"");
                }
                return Double.parseDouble(text);
        }
    }

    private void checkMetricName(String line, String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw fail(line, "bad metric name \"" + name + "\"");
        }
    }

    private IllegalArgumentException fail(String line, String problem) {
        return new IllegalArgumentException("line " + lineNumber + ": " + problem + ": " + line);
    }
}
