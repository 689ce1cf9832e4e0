package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON lines of several runs and prints, per run label, the median (with min and max) of every
 * numeric figure as a Markdown table: what {@code make bench} prints and BENCHMARKS.md quotes.
 * Lines that are not a report (tables, logs) are skipped.
 * <p>Usage: {@code java -cp loadtest.jar scalablechat.loadtest.Medians [FILE...]} (standard input without files).
 */
public final class Medians {
    private Medians() {}

    public static void main(String[] args) throws IOException {
        List<JsonObject> runs = new ArrayList<>();
        if (args.length == 0) {
            runs.addAll(read(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
        for (String file : args) {
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                runs.addAll(read(reader));
            }
        }
        System.out.print(table(runs));
    }

    static List<JsonObject> read(Reader input) throws IOException {
        List<JsonObject> runs = new ArrayList<>();
        BufferedReader lines = new BufferedReader(input);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            line = line.trim();
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonValue value = Json.parse(line);
                if (value.isObject() && value.asObject().get("scenario") != null) {
                    runs.add(value.asObject());
                }
            } catch (RuntimeException e) {
                // not a report line
            }
        }
        return runs;
    }

    /** The group a run belongs to: its label, or scenario and protocol. */
    static String group(JsonObject run) {
        String label = run.getString("label", "");
        if (!label.isEmpty()) {
            return label;
        }
        String protocol = run.getString("protocol", "");
        return run.getString("scenario", "?") + (protocol.isEmpty() ? "" : " " + protocol);
    }

    static String table(List<JsonObject> runs) {
        Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
        for (JsonObject run : runs) {
            groups.computeIfAbsent(group(run), k -> new ArrayList<>()).add(run);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<JsonObject>> group : groups.entrySet()) {
            List<JsonObject> members = group.getValue();
            out.append("### ").append(group.getKey()).append(" (").append(members.size())
                    .append(members.size() == 1 ? " run)\n\n" : " runs)\n\n");
            out.append("| figure | median | min | max |\n|---|---:|---:|---:|\n");
            for (String name : numericNames(members)) {
                List<Double> values = new ArrayList<>();
                for (JsonObject run : members) {
                    JsonValue value = run.get(name);
                    if (value != null && value.isNumber()) {
                        values.add(value.asDouble());
                    }
                }
                out.append("| ").append(ReportFormat.words(name)).append(" | ")
                        .append(ReportFormat.text(median(values))).append(" | ")
                        .append(ReportFormat.text(Collections.min(values))).append(" | ")
                        .append(ReportFormat.text(Collections.max(values))).append(" |\n");
            }
            for (String name : textNames(members)) {
                out.append("| ").append(ReportFormat.words(name)).append(" | ");
                List<String> texts = new ArrayList<>();
                for (JsonObject run : members) {
                    texts.add(run.getString(name, "").replace("|", "/"));
                }
                out.append(String.join("; ", texts)).append(" | | |\n");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<String> numericNames(List<JsonObject> runs) {
        List<String> names = new ArrayList<>();
        for (JsonObject run : runs) {
            for (JsonObject.Member member : run) {
                if (member.getValue().isNumber() && !names.contains(member.getName())) {
                    names.add(member.getName());
                }
            }
        }
        return names;
    }

    /** Text figures worth seeing run by run (which threads were busiest, what went wrong). */
    private static List<String> textNames(List<JsonObject> runs) {
        List<String> names = new ArrayList<>();
        for (JsonObject run : runs) {
            for (JsonObject.Member member : run) {
                String name = member.getName();
                if (member.getValue().isString() && !names.contains(name) && !name.equals("scenario")
                        && !name.equals("label") && !name.equals("protocol")) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The middle value, or the mean of the two middle ones. */
    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
