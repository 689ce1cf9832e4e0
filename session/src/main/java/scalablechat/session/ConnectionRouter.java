package scalablechat.session;

import org.java_websocket.WebSocketImpl;

/**
 * Where an opened or closed WebSocket goes: a refused handshake is closed with its code; an accepted
 * one gets its room (opened here on its first valid join, if the server has a free slot) and joins
 * it through the room's mailbox, where it waits for the room's log to open; a room whose log cannot be
 * opened closes it from there. Closes go through the same mailbox, so they never overtake messages.
 */
final class ConnectionRouter {
    private final RoomRegistry registry;
    private final Closer closer;
    private final SessionMetrics metrics;
    private final long maxUnsentBytes;
    /** Whether a room not open here may open (under Agones: it is in this server's rooms list). */
    private volatile RoomGate gate = RoomGate.OPEN;

    ConnectionRouter(RoomRegistry registry, Closer closer, SessionConfig config, SessionMetrics metrics) {
        this.registry = registry;
        this.closer = closer;
        this.metrics = metrics;
        this.maxUnsentBytes = config.maxUnsentBytes();
    }

    void setGate(RoomGate gate) {
        this.gate = gate;
    }

    void opened(WebSocketImpl socket, SocketState state, WireProtocol protocol) {
        HandshakeAuthenticator.Result handshake = state.handshake();
        if (!(handshake instanceof HandshakeAuthenticator.Accepted accepted)) {
            HandshakeAuthenticator.Refused refused = handshake instanceof HandshakeAuthenticator.Refused r
                    ? r : new HandshakeAuthenticator.Refused(CloseCodes.UNAUTHORIZED, "missing token");
            if (refused.closeCode() == CloseCodes.UNAUTHORIZED) {
                metrics.connectionsUnauthorized.increment();
            }
            closer.close(socket, refused.closeCode(), refused.reason());
            return;
        }
        if (registry.find(accepted.roomId()) == null && !gate.mayOpen(accepted.roomId(), accepted.issuedAt())) {
            closer.close(socket, CloseCodes.TRY_AGAIN_LATER, CloseCodes.HOSTED_ELSEWHERE); // the client looks it up again
            return;
        }
        RoomRegistry.Admission admission = registry.admitJoin(accepted.roomId());
        switch (admission.outcome()) {
            case DRAINING -> {
                closer.close(socket, CloseCodes.GOING_AWAY, CloseCodes.DRAINING);
                return;
            }
            case FULL -> {
                metrics.serverFullRefusals.increment();
                closer.close(socket, CloseCodes.TRY_AGAIN_LATER, CloseCodes.SERVER_FULL);
                return;
            }
            default -> { }
        }
        Room room = admission.room();
        OutboundQueue outbound = new OutboundQueue(socket, state.channel(), maxUnsentBytes);
        Connection connection = new Connection(socket, accepted.userId(), room, protocol, accepted.since(),
                outbound, closer, metrics);
        metrics.connectionsOpened.increment();
        // Join first: if the socket closed meanwhile, the leave below queues behind the join.
        room.join(connection);
        if (!state.attach(connection)) {
            room.leave(connection);
        }
    }

    void closed(SocketState state) {
        Connection connection = state.detach();
        if (connection != null) {
            connection.room().leave(connection);
        }
    }
}
