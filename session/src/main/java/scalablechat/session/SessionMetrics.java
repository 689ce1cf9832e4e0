package scalablechat.session;

import java.util.concurrent.atomic.LongAdder;

/** Counters since start, shown at /metrics in the Prometheus text format. Safe from any thread. */
final class SessionMetrics {
    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder connectionsUnauthorized = new LongAdder();
    final LongAdder messagesStored = new LongAdder();
    final LongAdder storageFailures = new LongAdder();
    final LongAdder roomOpenFailures = new LongAdder();
    final LongAdder duplicatesAcknowledged = new LongAdder();
    final LongAdder framesQueued = new LongAdder();
    final LongAdder inputRejected = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder floodDisconnects = new LongAdder();
    final LongAdder slowConsumerDisconnects = new LongAdder();
    final LongAdder roomFullRefusals = new LongAdder();
    final LongAdder serverFullRefusals = new LongAdder();
    final LongAdder perIpRefusals = new LongAdder();
    final LongAdder pendingHandshakeRefusals = new LongAdder();
    final LongAdder handshakeTimeouts = new LongAdder();

    /** Values measured at the moment of the scrape. */
    record Gauges(int rooms, int users, int connections, int sockets, int pendingHandshakes, boolean draining) {}

    String prometheus(Gauges now) {
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "session_rooms", "Rooms open on this server", now.rooms());
        gauge(out, "session_users", "Distinct users connected, summed over rooms", now.users());
        gauge(out, "session_connections", "WebSocket connections in rooms", now.connections());
        gauge(out, "session_sockets", "Client sockets open, in a room or not", now.sockets());
        gauge(out, "session_pending_handshakes", "Client sockets that have not finished the handshake", now.pendingHandshakes());
        gauge(out, "session_draining", "1 while the server drains", now.draining() ? 1 : 0);
        counter(out, "session_connections_opened_total", "WebSocket connections opened", connectionsOpened);
        counter(out, "session_connections_unauthorized_total", "Connections closed with 4401", connectionsUnauthorized);
        counter(out, "session_messages_stored_total", "Chat messages stored", messagesStored);
        counter(out, "session_storage_failures_total", "Chat messages the room log could not store", storageFailures);
        counter(out, "session_room_open_failures_total", "Rooms refused because their log could not be opened (held elsewhere, unreadable)", roomOpenFailures);
        counter(out, "session_duplicates_acknowledged_total", "Sends recognised by cid and not stored again", duplicatesAcknowledged);
        counter(out, "session_frames_queued_total", "Frames queued to clients", framesQueued);
        counter(out, "session_input_rejected_total", "Client frames refused (empty, too long, bad frame)", inputRejected);
        counter(out, "session_rate_limited_total", "Sends refused by the rate limit", rateLimited);
        counter(out, "session_flood_disconnects_total", "Connections closed for flooding", floodDisconnects);
        counter(out, "session_slow_consumer_disconnects_total", "Connections closed as slow consumers", slowConsumerDisconnects);
        counter(out, "session_room_full_total", "Connections refused because the room was full", roomFullRefusals);
        counter(out, "session_server_full_total", "Connections refused because no room slot was free", serverFullRefusals);
        counter(out, "session_per_ip_refusals_total", "Sockets refused by MAX_CONNECTIONS_PER_IP", perIpRefusals);
        counter(out, "session_pending_handshake_refusals_total", "Sockets refused by MAX_PENDING_HANDSHAKES", pendingHandshakeRefusals);
        counter(out, "session_handshake_timeouts_total", "Sockets closed for not finishing the handshake", handshakeTimeouts);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, LongAdder value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value.sum()).append('\n');
    }
}
