package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A report as a table for people and as one JSON line for scripts. */
final class ReportFormat {
    private ReportFormat() {}

    static String json(Report report) {
        return toJson(report).toString();
    }

    private static JsonObject toJson(Report report) {
        JsonObject object = Json.object();
        for (Map.Entry<String, Object> entry : report.values().entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Long n) {
                object.add(entry.getKey(), n);
            } else if (value instanceof Double d) {
                object.add(entry.getKey(), round(d));
            } else if (value instanceof Boolean b) {
                object.add(entry.getKey(), b);
            } else if (value instanceof List<?> rows) {
                JsonArray array = Json.array();
                for (Object row : rows) {
                    array.add(toJson((Report) row));
                }
                object.add(entry.getKey(), array);
            } else {
                object.add(entry.getKey(), String.valueOf(value));
            }
        }
        return object;
    }

    /** Three decimals are below the histogram's precision for anything but tiny values. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    static String table(Report report) {
        List<String[]> lines = new ArrayList<>();
        List<String> subTables = new ArrayList<>();
        for (Map.Entry<String, Object> entry : report.values().entrySet()) {
            if (entry.getValue() instanceof List<?> rows) {
                subTables.add(rowsTable(words(entry.getKey()), report.rows(entry.getKey())));
            } else {
                lines.add(new String[] {words(entry.getKey()), text(entry.getValue())});
            }
        }
        int width = lines.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        StringBuilder out = new StringBuilder();
        for (String[] line : lines) {
            out.append("  ").append(pad(line[0], width)).append("  ").append(line[1]).append('\n');
        }
        for (String sub : subTables) {
            out.append(sub);
        }
        return out.toString();
    }

    private static String rowsTable(String title, List<Report> rows) {
        StringBuilder out = new StringBuilder("  ").append(title).append(":\n");
        if (rows.isEmpty()) {
            return out.append("    (none)\n").toString();
        }
        List<String> keys = new ArrayList<>(rows.get(0).values().keySet());
        int[] widths = new int[keys.size()];
        for (int c = 0; c < keys.size(); c++) {
            widths[c] = words(keys.get(c)).length();
            for (Report row : rows) {
                widths[c] = Math.max(widths[c], text(row.get(keys.get(c))).length());
            }
        }
        out.append("   ");
        for (int c = 0; c < keys.size(); c++) {
            out.append("  ").append(padLeft(words(keys.get(c)), widths[c]));
        }
        out.append('\n');
        for (Report row : rows) {
            out.append("   ");
            for (int c = 0; c < keys.size(); c++) {
                out.append("  ").append(padLeft(text(row.get(keys.get(c))), widths[c]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String text(Object value) {
        if (value instanceof Long n) {
            return String.format(Locale.ROOT, "%,d", n);
        }
        if (value instanceof Double d) {
            double abs = Math.abs(d);
            if (abs >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            return String.format(Locale.ROOT, abs >= 10 ? "%.1f" : "%.3f", d);
        }
        return value == null ? "" : String.valueOf(value);
    }

    /** {@code deliveriesPerSecond} → "deliveries per second", {@code p99Ms} → "p99 ms", {@code rssKB} → "rss KB". */
    static String words(String key) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean upper = Character.isUpperCase(c);
            boolean afterUpper = i > 0 && Character.isUpperCase(key.charAt(i - 1));
            boolean beforeUpper = i + 1 < key.length() && Character.isUpperCase(key.charAt(i + 1));
            if (upper && i > 0 && !afterUpper) {
                out.append(' ');
            }
            out.append(upper && !afterUpper && !beforeUpper ? Character.toLowerCase(c) : c);
        }
        return out.toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String padLeft(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
