package scalablechat.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * Reads one string member of a JSON object's top level straight from its UTF-8 bytes, without building a tree:
 * enough for the {@code type} and {@code code} of a v2 event, tens of thousands of times a second. It walks the
 * bytes once, tracking strings (with their escapes) and nesting, so a member of a nested object, or a name that is
 * some value, is never taken for the one asked. Values with escapes are not decoded (null): the tool only reads
 * plain words this way.
 */
final class JsonScan {
    private JsonScan() {}

    /** The value of the top-level string member {@code name}, or null when there is none or it is not a plain string. */
    static String string(byte[] json, int offset, int length, String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        int end = offset + length;
        int depth = 0;
        for (int i = offset; i < end; i++) {
            byte b = json[i];
            if (b == '"') {
                int close = stringEnd(json, i + 1, end);
                if (close < 0) {
                    return null;
                }
                if (depth == 1 && close - i - 1 == key.length && equals(json, i + 1, key)) {
                    int colon = skipSpace(json, close + 1, end);
                    if (colon < end && json[colon] == ':') {
                        int value = skipSpace(json, colon + 1, end);
                        if (value >= end || json[value] != '"') {
                            return null;
                        }
                        int valueEnd = stringEnd(json, value + 1, end);
                        if (valueEnd < 0 || indexOfBackslash(json, value + 1, valueEnd) >= 0) {
                            return null;
                        }
                        return new String(json, value + 1, valueEnd - value - 1, StandardCharsets.UTF_8);
                    }
                }
                i = close;
            } else if (b == '{' || b == '[') {
                depth++;
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return null;
    }

    /** Index of the quote that ends the string whose content starts at {@code from}, or -1. */
    private static int stringEnd(byte[] json, int from, int end) {
        for (int i = from; i < end; i++) {
            if (json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfBackslash(byte[] json, int from, int end) {
        for (int i = from; i < end; i++) {
            if (json[i] == '\\') {
                return i;
            }
        }
        return -1;
    }

    private static boolean equals(byte[] json, int at, byte[] key) {
        for (int k = 0; k < key.length; k++) {
            if (json[at + k] != key[k]) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpace(byte[] json, int i, int end) {
        while (i < end && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
            i++;
        }
        return i;
    }
}
