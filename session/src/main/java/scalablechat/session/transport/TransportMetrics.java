package scalablechat.session.transport;

import scalablechat.common.metrics.Counter;
import scalablechat.common.metrics.MetricRegistry;

/** What the transport counts, registered in the session server's registry (README lists every metric). */
public final class TransportMetrics {
    final Counter framesQueued;
    final Counter slowConsumerDisconnects;
    final Counter sentBytes;
    final Counter socketWrites;
    final Counter unfinishedDirectWrites;
    final Counter strandedWrites;
    final Counter idleWriteChecks;
    final Counter receivedBytes;
    final Counter perIpRefusals;
    final Counter pendingHandshakeRefusals;
    final Counter oversizedHandshakes;
    final Counter handshakeTimeouts;

    public TransportMetrics(MetricRegistry registry) {
        framesQueued = registry.counter("session_frames_queued_total",
                "Frames queued to clients, of every kind (messages, snapshots, welcomes, presence, errors, pongs)");
        slowConsumerDisconnects = registry.counter("session_slow_consumer_disconnects_total",
                "Connections closed as slow consumers (1008, over MAX_UNSENT_BYTES)");
        sentBytes = registry.counter("session_sent_bytes_total",
                "Bytes written to client sockets, WebSocket framing and handshakes included");
        socketWrites = registry.counter("session_socket_writes_total",
                "Write system calls to client sockets; with gathering (WRITE_GATHER_BYTES) one can carry many frames");
        unfinishedDirectWrites = registry.counter("session_unfinished_direct_writes_total",
                "Frames a fan-out wrote straight to a socket that took only part of them; the selector thread sent the rest");
        strandedWrites = registry.counter("session_stranded_writes_total",
                "Sockets found with frames queued but no write pending (a race in Java-WebSocket), and woken up");
        idleWriteChecks = registry.counter("session_idle_write_checks_total",
                "Times a socket told the selector thread it had nothing to write: twice per pass of the selector loop"
                        + " of the selector loop over a key Java-WebSocket left selected (cleared after a pass with a read)");
        receivedBytes = registry.counter("session_received_bytes_total",
                "Bytes read from client sockets, WebSocket framing and handshakes included");
        perIpRefusals = registry.counter("session_per_ip_refusals_total",
                "Sockets refused by MAX_CONNECTIONS_PER_IP");
        pendingHandshakeRefusals = registry.counter("session_pending_handshake_refusals_total",
                "Sockets refused by MAX_PENDING_HANDSHAKES or MAX_PENDING_HANDSHAKES_PER_IP");
        oversizedHandshakes = registry.counter("session_oversized_handshakes_total",
                "Sockets closed because their upgrade request was larger than "
                        + CountingChannel.MAX_HANDSHAKE_BYTES / 1024 + " KiB");
        handshakeTimeouts = registry.counter("session_handshake_timeouts_total",
                "Sockets closed for not finishing the handshake");
    }
}
