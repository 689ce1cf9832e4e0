package scalablechat.session.protocol;

/**
 * The rule for chat text, the same in both protocols: trailing whitespace goes, then 1 to max characters,
 * all of them valid Unicode.
 */
public final class MessageText {
    /** The text as stored, or why it is refused (an error code of the v2 protocol). */
    public record Checked(String text, String errorCode, String errorMessage) {
        public boolean ok() {
            return errorCode == null;
        }
    }

    private MessageText() {}

    public static Checked check(String raw, int maxChars) {
        String text = raw.stripTrailing();
        if (text.isEmpty()) {
            return new Checked(null, V2Protocol.EMPTY, "message is empty");
        }
        // Characters are code points, so an emoji counts once whatever its UTF-16 length.
        if (text.length() > maxChars && text.codePointCount(0, text.length()) > maxChars) {
            return new Checked(null, V2Protocol.TOO_LONG, "message is longer than " + maxChars + " characters");
        }
        if (hasLoneSurrogate(text)) {
            // A JSON escape can name half a surrogate pair; no UTF-8 text (or log record) can hold one.
            return new Checked(null, V2Protocol.BAD_FRAME, "text is not valid Unicode (a lone surrogate)");
        }
        return new Checked(text, null, null);
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
