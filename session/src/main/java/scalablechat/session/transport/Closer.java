package scalablechat.session.transport;

import org.java_websocket.WebSocketImpl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections from the server side so that nothing lingers: a close frame first (browsers
 * can read its code and reason), then, if the socket is still open after a grace period, because
 * the peer stopped reading and the close frame is stuck behind unsent data, a reset that also frees
 * whatever the kernel still holds for it.
 */
final class Closer {
    /** A close frame's payload is at most 125 bytes, two of them for the code. */
    private static final int MAX_REASON_BYTES = 123;

    private final ScheduledExecutorService timer;
    private final Duration grace;

    Closer(ScheduledExecutorService timer, Duration grace) {
        this.timer = timer;
        this.grace = grace;
    }

    void close(ClientSocket socket, int code, String reason) {
        String fitted = fit(reason);
        WebSocketImpl webSocket = socket.webSocket();
        webSocket.close(code, fitted);
        try {
            timer.schedule(() -> {
                if (!webSocket.isClosed()) {
                    socket.channel().abortOnClose();
                    webSocket.closeConnection(code, fitted);
                }
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping; it closes every socket itself.
        }
    }

    /** Cuts a reason to what fits in a close frame, on a character boundary. */
    static String fit(String reason) {
        if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
            return reason;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < reason.length(); ) {
            int cp = reason.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
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
