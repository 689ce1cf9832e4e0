package scalablechat.common.metrics;

import java.math.BigDecimal;
import java.util.List;

/**
 * Writes the Prometheus text exposition format, version 0.0.4: for each metric a HELP line, a TYPE line
 * and its samples, one per line, each line ending in a newline. Escaping follows the format: in HELP
 * text a backslash and a newline; in label values also a double quote.
 */
final class TextFormat {
    /** What a scrape is served as; Prometheus picks its parser by this. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Whole numbers below this print without a fraction or exponent; beyond it a double is not exact anyway. */
    private static final double PLAIN_INTEGER_LIMIT = 1e15;
    /** Smaller fractions keep Java's exponent form, which stays short (1.0E-7). */
    private static final double PLAIN_FRACTION_LIMIT = 1e-4;

    private final StringBuilder out;

    TextFormat(StringBuilder out) {
        this.out = out;
    }

    void header(String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ');
        escape(help, false);
        out.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    void sample(String name, List<String> labelNames, List<String> labelValues, long value) {
        start(name, labelNames, labelValues, null, null);
        out.append(value).append('\n');
    }

    void sample(String name, List<String> labelNames, List<String> labelValues, double value) {
        start(name, labelNames, labelValues, null, null);
        out.append(number(value)).append('\n');
    }

    /** A histogram bucket: the family's labels and then {@code le}. */
    void bucket(String name, List<String> labelNames, List<String> labelValues, String le, long value) {
        start(name, labelNames, labelValues, "le", le);
        out.append(value).append('\n');
    }

    private void start(String name, List<String> labelNames, List<String> labelValues, String extraName, String extraValue) {
        out.append(name);
        if (!labelNames.isEmpty() || extraName != null) {
            out.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                label(i > 0, labelNames.get(i), labelValues.get(i));
            }
            if (extraName != null) {
                label(!labelNames.isEmpty(), extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ');
    }

    private void label(boolean comma, String name, String value) {
        if (comma) {
            out.append(',');
        }
        out.append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    private void escape(String text, boolean labelValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(labelValue ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    /** A sample value as the format spells it: whole numbers plainly, +Inf, -Inf and NaN by name. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        double magnitude = Math.abs(value);
        if (value == Math.rint(value) && magnitude < PLAIN_INTEGER_LIMIT) {
            return Long.toString((long) value);
        }
        if (magnitude >= PLAIN_FRACTION_LIMIT && magnitude < PLAIN_INTEGER_LIMIT) {
            return BigDecimal.valueOf(value).toPlainString(); // 1795825666.913, not 1.795825666913E9
        }
        return Double.toString(value);
    }

    /** A bucket bound for the {@code le} label, without exponent or trailing zeros ("0.0005", "1", "+Inf"). */
    static String bound(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
