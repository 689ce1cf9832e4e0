package scalablechat.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * The tag the tool writes into every chat message it sends: {@code #L<phase>.<seq>.<sentNanos>#}.
 * Sender and receivers live in one process, so the sender's clock reading travels with the text and a
 * receiver subtracts it from its own. The tag is plain ASCII digits that need no JSON escaping, so a receiver
 * can find it in a raw frame without parsing the JSON around it (the original protocol's snapshots are large).
 *
 * @param phase    which measurement the message belongs to (a ramp step), for the right histogram
 * @param seq      the message's number within its room, unique per room and run
 * @param sentNanos {@link #now()} when the sender handed the message to its WebSocket
 */
record Marker(int phase, long seq, long sentNanos) {
    static final String START = "#L";
    static final char END = '#';
    /** Padding after the tag, up to the requested message size. */
    private static final String FILLER = " the quick brown fox jumps over the lazy dog";

    /** System.nanoTime may be negative; measuring from a start in this process keeps the tag's digits simple. */
    private static final long EPOCH = System.nanoTime();

    static long now() {
        return System.nanoTime() - EPOCH;
    }

    /** The message text: the tag, then filler up to {@code size} characters (never shorter than the tag). */
    String text(int size) {
        String tag = START + phase + '.' + seq + '.' + sentNanos + END;
        if (tag.length() >= size) {
            return tag;
        }
        StringBuilder text = new StringBuilder(size).append(tag);
        while (text.length() < size) {
            text.append(FILLER, 0, Math.min(FILLER.length(), size - text.length()));
        }
        // The server trims trailing whitespace; a message must keep the length it was sent with.
        if (text.charAt(text.length() - 1) == ' ') {
            text.setCharAt(text.length() - 1, '.');
        }
        return text.toString();
    }

    /** The tag starting at {@code start} (the index of {@link #START}), or null when it is not a well-formed tag. */
    static Marker parseAt(byte[] text, int start, int end) {
        int i = start + START.length();
        long[] parts = new long[3];
        for (int p = 0; p < 3; p++) {
            int digits = 0;
            long value = 0;
            while (i < end && text[i] >= '0' && text[i] <= '9' && digits < 19) {
                value = value * 10 + (text[i] - '0');
                i++;
                digits++;
            }
            char expected = p < 2 ? '.' : END;
            if (digits == 0 || i >= end || text[i] != expected) {
                return null;
            }
            parts[p] = value;
            i++;
        }
        if (parts[0] > Integer.MAX_VALUE) {
            return null;
        }
        return new Marker((int) parts[0], parts[1], parts[2]);
    }

    /** The first tag in {@code text[from, end)}, or null. */
    static Marker find(byte[] text, int from, int end) {
        for (int at = indexOf(text, from, end); at >= 0; at = indexOf(text, at + 1, end)) {
            Marker marker = parseAt(text, at, end);
            if (marker != null) {
                return marker;
            }
        }
        return null;
    }

    static Marker find(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return find(bytes, 0, bytes.length);
    }

    /** Index of the next {@link #START} in {@code text[from, end)}, or -1. */
    static int indexOf(byte[] text, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (text[i] == '#' && text[i + 1] == 'L') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last {@link #START} in {@code text[from, before)}, or -1. */
    static int lastIndexOf(byte[] text, int from, int before) {
        for (int i = before - 2; i >= from; i--) {
            if (text[i] == '#' && text[i + 1] == 'L') {
                return i;
            }
        }
        return -1;
    }
}
