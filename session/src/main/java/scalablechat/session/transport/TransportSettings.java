package scalablechat.session.transport;

import java.time.Duration;
import java.util.List;

/**
 * The transport's limits, each one of the session server's settings (docs/CONFIG.md, generated from SessionSettings).
 *
 * @param port                      the WebSocket port; 0 picks a free one
 * @param subprotocols              the subprotocols offered, preferred first; "" accepts a client that names none
 * @param maxFrameBytes             MAX_FRAME_BYTES: the largest frame or message a client may send
 * @param pingIntervalSeconds       PING_INTERVAL_SECONDS: a socket silent for this long is pinged, then dropped
 * @param maxUnsentBytes            MAX_UNSENT_BYTES: what one socket may have waiting to be written
 * @param maxConnectionsPerIp       MAX_CONNECTIONS_PER_IP
 * @param maxPendingHandshakes      MAX_PENDING_HANDSHAKES
 * @param maxPendingHandshakesPerIp MAX_PENDING_HANDSHAKES_PER_IP
 * @param handshakeTimeout          HANDSHAKE_TIMEOUT_SECONDS: a socket that has not finished its upgrade by then is closed
 * @param writeGatherBytes          WRITE_GATHER_BYTES: how much one write system call gathers; 0 for one per frame
 */
public record TransportSettings(int port, List<String> subprotocols, int maxFrameBytes, int pingIntervalSeconds,
                                int maxUnsentBytes, int maxConnectionsPerIp, int maxPendingHandshakes,
                                int maxPendingHandshakesPerIp, Duration handshakeTimeout, int writeGatherBytes) {
    public TransportSettings {
        subprotocols = List.copyOf(subprotocols);
    }
}
