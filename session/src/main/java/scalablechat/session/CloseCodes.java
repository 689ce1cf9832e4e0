package scalablechat.session;

/** Close codes and reasons the session server sends; README's close code table lists the same. */
final class CloseCodes {
    /** Server shutting down or draining: look the room up again. */
    static final int GOING_AWAY = 1001;
    /** Room full, rate limit, slow consumer. */
    static final int POLICY = 1008;
    /** Frame or message over MAX_FRAME_BYTES (sent by Java-WebSocket itself). */
    static final int TOO_BIG = 1009;
    /** The room's log could not be opened here (not because another server holds it). */
    static final int INTERNAL_ERROR = 1011;
    /** This server cannot open another room, or another server holds this one's log. */
    static final int TRY_AGAIN_LATER = 1013;
    /** The connect URL is malformed (for example a bad {@code since}). */
    static final int BAD_REQUEST = 4400;
    /** Missing, invalid or expired session token, or one for another server. */
    static final int UNAUTHORIZED = 4401;

    static final String DRAINING = "server draining";
    static final String ROOM_FULL = "Room is full";
    static final String SERVER_FULL = "server full";
    static final String HOSTED_ELSEWHERE = "room is hosted by another server";
    static final String ROOM_UNAVAILABLE = "room cannot be opened here";
    static final String SLOW_CONSUMER = "slow consumer";
    static final String FLOODING = "rate limit exceeded";

    /** A close frame's payload is at most 125 bytes, two of them for the code. */
    private static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {}

    /** Cuts a reason to what fits in a close frame, on a character boundary. */
    static String fit(String reason) {
        if (reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            out.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }
}
