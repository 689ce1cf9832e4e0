package scalablechat.backend.deploy;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the YAML our Kubernetes manifests are written in, into minimal-json values: documents split by
 * {@code ---}, block mappings and sequences by indentation, comments, plain and quoted scalars, and the flow forms
 * {@code {}}, {@code []} and {@code ["a", "b"]}. Not a general YAML parser (no anchors, block scalars or multi-line
 * flows): a manifest that uses more fails to parse, loudly, rather than being read wrong.
 */
final class ManifestYaml {
    private record Line(int indent, String text, int number) {}

    private final List<Line> lines;
    private int at;

    private ManifestYaml(List<Line> lines) {
        this.lines = lines;
    }

    static List<JsonObject> documents(String yaml) {
        List<JsonObject> documents = new ArrayList<>();
        List<Line> current = new ArrayList<>();
        String[] raw = yaml.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String line = stripComment(raw[i]).stripTrailing();
            if (line.equals("---")) {
                add(documents, current);
                current = new ArrayList<>();
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (line.contains("\t")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": tabs are not YAML indentation");
            }
            int indent = line.length() - line.stripLeading().length();
            current.add(new Line(indent, line.strip(), i + 1));
        }
        add(documents, current);
        return documents;
    }

    private static void add(List<JsonObject> documents, List<Line> lines) {
        if (!lines.isEmpty()) {
            ManifestYaml parser = new ManifestYaml(lines);
            JsonValue value = parser.block(lines.getFirst().indent());
            if (parser.at != lines.size()) {
                throw parser.error("unexpected indentation");
            }
            documents.add(value.asObject());
        }
    }

    /** The block (mapping or sequence) whose lines start at {@code indent}. */
    private JsonValue block(int indent) {
        Line first = lines.get(at);
        return first.text().startsWith("- ") || first.text().equals("-") ? sequence(indent) : mapping(indent);
    }

    private JsonObject mapping(int indent) {
        JsonObject object = new JsonObject();
        while (at < lines.size() && lines.get(at).indent() == indent && !isItem(lines.get(at))) {
            Line line = lines.get(at);
            int colon = keyEnd(line.text());
            if (colon < 0) {
                throw error("expected key: value");
            }
            String key = unquote(line.text().substring(0, colon).strip());
            String rest = line.text().substring(colon + 1).strip();
            at++;
            if (object.get(key) != null) {
                throw error("duplicate key " + key);
            }
            object.add(key, rest.isEmpty() ? nested(indent) : scalar(rest));
        }
        return object;
    }

    /** The value of a key with nothing after its colon: a deeper block, a sequence at the same indent, or null. */
    private JsonValue nested(int indent) {
        if (at >= lines.size()) {
            return Json.NULL;
        }
        Line next = lines.get(at);
        if (next.indent() > indent) {
            return block(next.indent());
        }
        if (next.indent() == indent && isItem(next)) {
            return sequence(indent); // k8s style: "containers:\n- name: x" at the key's own indent
        }
        return Json.NULL;
    }

    private JsonArray sequence(int indent) {
        JsonArray array = new JsonArray();
        while (at < lines.size() && lines.get(at).indent() == indent && isItem(lines.get(at))) {
            Line line = lines.get(at);
            String rest = line.text().equals("-") ? "" : line.text().substring(2).strip();
            int itemIndent = indent + 2 + (line.text().substring(1).length() - line.text().substring(1).stripLeading().length() - 1);
            if (rest.isEmpty()) {
                at++;
                array.add(nested(indent));
            } else if (keyEnd(rest) >= 0 && !rest.startsWith("\"") && !rest.startsWith("'") && !rest.startsWith("{")) {
                // "- key: value" starts a mapping whose other keys sit at the item's indent
                lines.set(at, new Line(itemIndent, rest, line.number()));
                array.add(mapping(itemIndent));
            } else {
                at++;
                array.add(scalar(rest));
            }
        }
        return array;
    }

    private static boolean isItem(Line line) {
        return line.text().startsWith("- ") || line.text().equals("-");
    }

    /** Where the key of "key: value" (or "key:") ends, outside quotes; -1 if the line is not one. */
    private static int keyEnd(String text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == ':' && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
                return i;
            } else if (c == '{' || c == '[') {
                return -1;
            }
        }
        return -1;
    }

    private JsonValue scalar(String text) {
        if (text.equals("{}")) {
            return new JsonObject();
        }
        if (text.startsWith("[") && text.endsWith("]")) {
            JsonArray array = new JsonArray();
            String inner = text.substring(1, text.length() - 1).strip();
            if (!inner.isEmpty()) {
                for (String item : inner.split(",")) {
                    array.add(scalar(item.strip()));
                }
            }
            return array;
        }
        if (text.startsWith("{") || text.startsWith("|") || text.startsWith(">") || text.startsWith("&") || text.startsWith("*")) {
            throw error("YAML this reader does not take: " + text);
        }
        if (text.startsWith("\"") || text.startsWith("'")) {
            return Json.value(unquote(text));
        }
        switch (text) {
            case "true", "True" -> {
                return Json.TRUE;
            }
            case "false", "False" -> {
                return Json.FALSE;
            }
            case "null", "~" -> {
                return Json.NULL;
            }
            default -> { }
        }
        if (text.matches("-?\\d+")) {
            return Json.value(Long.parseLong(text));
        }
        if (text.matches("-?\\d+\\.\\d+")) {
            return Json.value(Double.parseDouble(text));
        }
        return Json.value(text);
    }

    private String unquote(String text) {
        if (text.length() >= 2 && (text.startsWith("\"") && text.endsWith("\"") || text.startsWith("'") && text.endsWith("'"))) {
            String inner = text.substring(1, text.length() - 1);
            return text.startsWith("\"") ? inner.replace("\\\"", "\"").replace("\\\\", "\\") : inner.replace("''", "'");
        }
        if (text.startsWith("\"") || text.startsWith("'")) {
            throw error("unterminated quote: " + text);
        }
        return text;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private IllegalArgumentException error(String message) {
        Line line = lines.get(Math.min(at, lines.size() - 1));
        return new IllegalArgumentException("line " + line.number() + ": " + message + ": " + line.text());
    }
}
