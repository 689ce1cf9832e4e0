package scalablechat.session;

/** The rule for chat text, the same in both protocols: trailing whitespace goes, then 1 to max characters. */
final class MessageText {
    /** The text as stored, or why it is refused (an error code of the v2 protocol). */
    record Checked(String text, String errorCode, String errorMessage) {
        boolean ok() {
            return errorCode == null;
        }
    }

    private MessageText() {}

    static Checked check(String raw, int maxChars) {
        String text = raw.stripTrailing();
        if (text.isEmpty()) {
            return new Checked(null, V2Protocol.EMPTY, "message is empty");
        }
        // Characters are code points, so an emoji counts once whatever its UTF-16 length.
        if (text.length() > maxChars && text.codePointCount(0, text.length()) > maxChars) {
            return new Checked(null, V2Protocol.TOO_LONG, "message is longer than " + maxChars + " characters");
        }
        return new Checked(text, null, null);
    }
}
