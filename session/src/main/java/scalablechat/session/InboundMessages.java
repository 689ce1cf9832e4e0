package scalablechat.session;

/**
 * Frames from clients, checked where they are decoded: the rate limit first (so junk costs a flooder
 * its allowance too), then the frame and the text. Only a valid, allowed message goes on to the room's
 * mailbox; refusals are answered on the spot (v2) or dropped (the original protocol has no errors).
 * Runs on Java-WebSocket's decoder threads, so it does only cheap, non-blocking work.
 */
final class InboundMessages {
    private final int maxMessageChars;
    private final SessionMetrics metrics;

    InboundMessages(SessionConfig config, SessionMetrics metrics) {
        this.maxMessageChars = config.maxMessageChars();
        this.metrics = metrics;
    }

    void text(Connection connection, String frame) {
        // Where session_delivery_*_seconds start: the frame has just been decoded.
        long receivedNanos = System.nanoTime();
        metrics.messagesReceived.increment();
        if (connection.isClosing() || !withinRate(connection)) {
            return;
        }
        if (connection.protocol() == WireProtocol.ORIGINAL) {
            accept(connection, frame, null, receivedNanos);
            return;
        }
        switch (V2Protocol.parse(frame)) {
            case V2Protocol.Send send -> accept(connection, send.text(), send.cid(), receivedNanos);
            case V2Protocol.Invalid invalid -> refuse(connection, invalid.code(), invalid.message());
        }
    }

    void binary(Connection connection) {
        metrics.messagesReceived.increment();
        if (connection.isClosing() || !withinRate(connection)) {
            return;
        }
        if (connection.protocol() == WireProtocol.V2) {
            refuse(connection, V2Protocol.BAD_FRAME, "frames must be JSON text, not binary");
        }
    }

    private boolean withinRate(Connection connection) {
        long now = System.nanoTime();
        SendAllowances allowances = connection.room().allowances();
        switch (allowances.takeFromUser(connection.userId(), now)) {
            case ALLOWED -> {
                if (allowances.takeFromRoom(now)) {
                    return true;
                }
                metrics.roomRateLimited.increment();
                if (connection.protocol() == WireProtocol.V2) {
                    connection.sendText(V2Protocol.error(V2Protocol.RATE_LIMITED,
                            "this room is receiving too many messages; slow down"));
                }
                return false;
            }
            case REFUSED -> {
                metrics.rateLimited.increment();
                if (connection.protocol() == WireProtocol.V2) {
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

    private void accept(Connection connection, String raw, String cid, long receivedNanos) {
        MessageText.Checked text = MessageText.check(raw, maxMessageChars);
        if (!text.ok()) {
            refuse(connection, text.errorCode(), text.errorMessage());
            return;
        }
        connection.room().send(connection, text.text(), cid, receivedNanos);
    }

    private void refuse(Connection connection, String code, String message) {
        metrics.inputRejected.increment();
        if (connection.protocol() == WireProtocol.V2) {
            connection.sendText(V2Protocol.error(code, message));
        }
    }
}
