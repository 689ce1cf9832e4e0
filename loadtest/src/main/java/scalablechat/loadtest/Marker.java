package scalablechat.loadtest;

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
    static Marker parseAt(CharSequence text, int start) {
        int i = start + START.length();
        long[] parts = new long[3];
        for (int p = 0; p < 3; p++) {
            int digits = 0;
            long value = 0;
            while (i < text.length() && Character.isDigit(text.charAt(i)) && digits < 19) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                digits++;
            }
            char expected = p < 2 ? '.' : END;
            if (digits == 0 || i >= text.length() || text.charAt(i) != expected) {
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

    /** The first tag in {@code text}, or null. */
    static Marker find(CharSequence text) {
        int at = indexOf(text, 0);
        while (at >= 0) {
            Marker marker = parseAt(text, at);
            if (marker != null) {
                return marker;
            }
            at = indexOf(text, at + 1);
        }
        return null;
    }

    /** Index of the next {@link #START} at or after {@code from}, or -1. */
    static int indexOf(CharSequence text, int from) {
        for (int i = Math.max(0, from); i < text.length() - 1; i++) {
            if (text.charAt(i) == '#' && text.charAt(i + 1) == 'L') {
                return i;
            }
        }
        return -1;
    }

    /** Index of the last {@link #START} that begins before {@code before}, or -1. */
    static int lastIndexOf(CharSequence text, int before) {
        for (int i = Math.min(before, text.length()) - 1; i >= 0; i--) {
            if (text.charAt(i) == '#' && i + 1 < text.length() && text.charAt(i + 1) == 'L') {
                return i;
            }
        }
        return -1;
    }
}
