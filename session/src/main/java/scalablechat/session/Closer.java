package scalablechat.session;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;

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
    private final ScheduledExecutorService timer;
    private final Duration grace;

    Closer(ScheduledExecutorService timer, Duration grace) {
        this.timer = timer;
        this.grace = grace;
    }

    void close(WebSocket socket, int code, String reason) {
        String fitted = CloseCodes.fit(reason);
        socket.close(code, fitted);
        try {
            timer.schedule(() -> {
                if (!socket.isClosed()) {
                    ((SocketState) socket.getAttachment()).channel().abortOnClose();
                    ((WebSocketImpl) socket).closeConnection(code, fitted);
                }
            }, grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping; it closes every socket itself.
        }
    }
}
