package scalablechat.session;

/** Close codes and reasons the session server sends; README's close code table lists the same. */
final class CloseCodes {
    /** Server shutting down or draining: look the room up again. */
    static final int GOING_AWAY = 1001;
    /** Room full, rate limit; the transport closes a slow consumer with it too ({@code ClientSocket}). */
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
    static final String FLOODING = "rate limit exceeded";

    private CloseCodes() {}
}
