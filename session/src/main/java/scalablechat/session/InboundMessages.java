package scalablechat.session;

import scalablechat.session.ops.SessionMetrics;
import scalablechat.session.protocol.CloseCodes;
import scalablechat.session.protocol.MessageText;
import scalablechat.session.protocol.V2Protocol;
import scalablechat.session.protocol.WireProtocol;
import scalablechat.session.room.Member;
import scalablechat.session.room.SendAllowances;

/**
 * Frames from clients, checked where they are decoded: the rate limit (junk costs a flooder its
 * allowance too), then the frame and the text. Only a valid, allowed message goes on to the room's
 * mailbox; refusals are answered on the spot (v2) or dropped (the original protocol has no errors).
 * Runs on Java-WebSocket's decoder threads, so it does only cheap, non-blocking work.
 */
final class InboundMessages {
    /** A connection's typing hints reach the room at most this often (the web client sends one every 2 s). */
    static final long TYPING_INTERVAL_NANOS = 1_000_000_000L;
    /**
     * History pages a connection may ask for: a steady 4 a second with bursts of 8 (the web client asks for one
     * each time the reader scrolls to the top). Its own allowance, so paging back never costs a user their sends;
     * a connection that keeps asking far beyond it is closed as a flooder.
     */
    static final int HISTORY_PAGES_PER_SECOND = 4;
    static final int HISTORY_BURST = 8;
    static final int HISTORY_STRIKES = 20;

    private final int maxMessageChars;
    private final SessionMetrics metrics;

    InboundMessages(SessionConfig config, SessionMetrics metrics) {
        this.maxMessageChars = config.maxMessageChars();
        this.metrics = metrics;
    }

    void text(Member connection, String frame) {
        // Where session_delivery_*_seconds start: the frame has just been decoded.
        long receivedNanos = System.nanoTime();
        metrics.messagesReceived.increment();
        if (connection.isClosing()) {
            return;
        }
        if (connection.protocol() == WireProtocol.ORIGINAL) {
            if (withinRate(connection, false)) {
                accept(connection, frame, null, receivedNanos);
            }
            return;
        }
        V2Protocol.ClientFrame parsed = V2Protocol.parse(frame);
        if (parsed instanceof V2Protocol.History || parsed instanceof V2Protocol.Invalid invalid && invalid.request() != null) {
            history(connection, parsed);
            return;
        }
        // Every frame takes from the allowance, junk included; a refused typing hint gets no error, which the
        // client would take for the answer to one of its sends.
        if (!withinRate(connection, !(parsed instanceof V2Protocol.Typing))) {
            return;
        }
        switch (parsed) {
            case V2Protocol.Send send -> accept(connection, send.text(), send.cid(), receivedNanos);
            case V2Protocol.Typing typing -> typing(connection, receivedNanos);
            case V2Protocol.Invalid invalid -> refuse(connection, invalid.code(), invalid.message());
            case V2Protocol.History history -> throw new AssertionError("handled above");
        }
    }

    /**
     * A history request (valid or not): takes from the connection's history allowance, then is answered by the room,
     * or here with an error that says it is about history, so the client never takes it for a send's.
     */
    private void history(Member connection, V2Protocol.ClientFrame parsed) {
        switch (connection.takeHistoryTurn(System.nanoTime(), HISTORY_PAGES_PER_SECOND, HISTORY_BURST, HISTORY_STRIKES)) {
            case ALLOWED -> {
                if (parsed instanceof V2Protocol.Invalid invalid) {
                    metrics.room.inputRejected.increment();
                    connection.sendText(V2Protocol.historyError(invalid.code(), invalid.message()));
                } else if (connection.startHistoryRequest()) {
                    V2Protocol.History request = (V2Protocol.History) parsed;
                    connection.room().history(connection, request.before(), request.limit());
                } else {
                    connection.sendText(V2Protocol.historyError(V2Protocol.BUSY,
                            "the previous history request is still being answered; wait for it"));
                }
            }
            case REFUSED -> {
                metrics.rateLimited.increment();
                connection.sendText(V2Protocol.historyError(V2Protocol.RATE_LIMITED, "too many history requests; slow down"));
            }
            case FLOODING -> {
                if (connection.close(CloseCodes.POLICY, CloseCodes.FLOODING)) {
                    metrics.floodDisconnects.increment();
                }
            }
        }
    }

    /**
     * Passed on at most once per {@link #TYPING_INTERVAL_NANOS} a connection; the rest are dropped without an
     * answer, as a client cannot tell a dropped hint from a passed one anyway. Already paid for by the rate check.
     */
    private void typing(Member connection, long now) {
        if (connection.takeTypingTurn(now, TYPING_INTERVAL_NANOS)) {
            connection.room().typing(connection);
        }
    }

    void binary(Member connection) {
        metrics.messagesReceived.increment();
        if (connection.isClosing() || !withinRate(connection, connection.protocol() == WireProtocol.V2)) {
            return;
        }
        if (connection.protocol() == WireProtocol.V2) {
            refuse(connection, V2Protocol.BAD_FRAME, "frames must be JSON text, not binary");
        }
    }

    /** Takes a send from the user's and the room's allowances; {@code answer}: tell a refused v2 client why. */
    private boolean withinRate(Member connection, boolean answer) {
        long now = System.nanoTime();
        SendAllowances allowances = connection.room().allowances();
        switch (allowances.takeFromUser(connection.userId(), now)) {
            case ALLOWED -> {
                if (allowances.takeFromRoom(now)) {
                    return true;
                }
                metrics.roomRateLimited.increment();
                if (answer) {
                    connection.sendText(V2Protocol.error(V2Protocol.RATE_LIMITED,
                            "this room is receiving too many messages; slow down"));
                }
                return false;
            }
            case REFUSED -> {
                metrics.rateLimited.increment();
                if (answer) {
                    connection.sendText(V2Protocol.error(V2Protocol.RATE_LIMITED, "too many messages; slow down"));
                }
                return false;
            }
            default -> {
                if (connection.close(CloseCodes.POLICY, CloseCodes.FLOODING)) {
                    metrics.floodDisconnects.increment();
                }
                return false;
            }
        }
    }

    private void accept(Member connection, String raw, String cid, long receivedNanos) {
        MessageText.Checked text = MessageText.check(raw, maxMessageChars);
        if (!text.ok()) {
            refuse(connection, text.errorCode(), text.errorMessage());
            return;
        }
        connection.room().send(connection, text.text(), cid, receivedNanos);
    }

    private void refuse(Member connection, String code, String message) {
        metrics.room.inputRejected.increment();
        if (connection.protocol() == WireProtocol.V2) {
            connection.sendText(V2Protocol.error(code, message));
        }
    }
}
