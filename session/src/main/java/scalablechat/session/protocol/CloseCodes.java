package scalablechat.session.protocol;

/** Close codes and reasons the session server sends; docs/PROTOCOL.md's close code table lists the same. */
public final class CloseCodes {
    /** Server shutting down or draining: look the room up again. */
    public static final int GOING_AWAY = 1001;
    /** Room full, rate limit; the transport closes a slow consumer with it too ({@code ClientSocket}). */
    public static final int POLICY = 1008;
    /** Frame or message over MAX_FRAME_BYTES (sent by Java-WebSocket itself). */
    static final int TOO_BIG = 1009;
    /** The room's log could not be opened here (not because another server holds it). */
    public static final int INTERNAL_ERROR = 1011;
    /** This server cannot open another room, or another server holds this one's log. */
    public static final int TRY_AGAIN_LATER = 1013;
    /** The connect URL is malformed (for example a bad {@code since}). */
    public static final int BAD_REQUEST = 4400;
    /** Missing, invalid or expired session token, or one for another server. */
    public static final int UNAUTHORIZED = 4401;

    public static final String DRAINING = "server draining";
    public static final String ROOM_FULL = "Room is full";
    public static final String SERVER_FULL = "server full";
    public static final String HOSTED_ELSEWHERE = "room is hosted by another server";
    public static final String ROOM_UNAVAILABLE = "room cannot be opened here";
    public static final String FLOODING = "rate limit exceeded";

    private CloseCodes() {}
}
