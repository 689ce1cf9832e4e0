package scalablechat.loadtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run, in the order they are printed. Values are numbers, text, or (for the ramp's steps)
 * a list of smaller reports. Keys are camelCase and carry their unit ({@code p99Ms}, {@code rssPerConnectionKB}).
 */
final class Report {
    private final Map<String, Object> values = new LinkedHashMap<>();

    Report put(String key, long value) {
        values.put(key, value);
        return this;
    }

    Report put(String key, double value) {
        values.put(key, Double.isFinite(value) ? value : 0.0);
        return this;
    }

    Report put(String key, String value) {
        values.put(key, value);
        return this;
    }

    Report put(String key, boolean value) {
        values.put(key, value);
        return this;
    }

    Report putRows(String key, List<Report> rows) {
        values.put(key, List.copyOf(rows));
        return this;
    }

    /** The latency figures of {@code histogram}: p50Ms, p90Ms, p99Ms, maxMs (joinP50Ms... with a prefix). */
    Report putLatency(String prefix, LatencyHistogram histogram) {
        String p = prefix.isEmpty() ? "p" : prefix + "P";
        String m = prefix.isEmpty() ? "max" : prefix + "Max";
        put(p + "50Ms", millis(histogram.percentileNanos(50)));
        put(p + "90Ms", millis(histogram.percentileNanos(90)));
        put(p + "99Ms", millis(histogram.percentileNanos(99)));
        put(m + "Ms", millis(histogram.maxNanos()));
        return this;
    }

    Object get(String key) {
        return values.get(key);
    }

    double number(String key) {
        return values.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    @SuppressWarnings("unchecked")
    List<Report> rows(String key) {
        return values.get(key) instanceof List<?> list ? (List<Report>) list : new ArrayList<>();
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
