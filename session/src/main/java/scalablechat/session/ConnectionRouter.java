package scalablechat.session;

import scalablechat.session.ops.SessionMetrics;
import scalablechat.session.protocol.CloseCodes;
import scalablechat.session.protocol.WireProtocol;
import scalablechat.session.room.Member;
import scalablechat.session.room.Room;
import scalablechat.session.room.RoomGate;
import scalablechat.session.room.RoomRegistry;
import scalablechat.session.transport.ClientSocket;
import scalablechat.session.transport.SocketListener;

/**
 * Where the transport's sockets go. An upgrade whose token is refused is closed with its code; an accepted
 * one gets its room (opened here on its first valid join, if the server has a free slot) and joins
 * it through the room's mailbox, where it waits for the room's log to open; a room whose log cannot be
 * opened closes it from there. Its frames go to {@link InboundMessages}; its close goes through the room's
 * mailbox too, so it never overtakes its messages.
 */
final class ConnectionRouter implements SocketListener {
    private final RoomRegistry registry;
    private final HandshakeAuthenticator authenticator;
    private final InboundMessages inbound;
    private final SessionMetrics metrics;
    /** Whether a room not open here may open (under Agones: it is in this server's rooms list). */
    private volatile RoomGate gate = RoomGate.OPEN;

    ConnectionRouter(RoomRegistry registry, HandshakeAuthenticator authenticator, InboundMessages inbound,
                     SessionMetrics metrics) {
        this.registry = registry;
        this.authenticator = authenticator;
        this.inbound = inbound;
        this.metrics = metrics;
    }

    void setGate(RoomGate gate) {
        this.gate = gate;
    }

    @Override
    public void opened(ClientSocket socket, String path, String host, String subprotocol) {
        HandshakeAuthenticator.Result handshake = authenticator.check(path, host);
        if (!(handshake instanceof HandshakeAuthenticator.Accepted accepted)) {
            HandshakeAuthenticator.Refused refused = (HandshakeAuthenticator.Refused) handshake;
            if (refused.closeCode() == CloseCodes.UNAUTHORIZED) {
                metrics.connectionsUnauthorized.increment();
            }
            socket.close(refused.closeCode(), refused.reason());
            return;
        }
        if (registry.find(accepted.roomId()) == null && !gate.mayOpen(accepted.roomId(), accepted.issuedAt())) {
            socket.close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.HOSTED_ELSEWHERE); // the client looks it up again
            return;
        }
        RoomRegistry.Admission admission = registry.admitJoin(accepted.roomId());
        switch (admission.outcome()) {
            case DRAINING -> {
                socket.close(CloseCodes.GOING_AWAY, CloseCodes.DRAINING);
                return;
            }
            case FULL -> {
                metrics.serverFullRefusals.increment();
                socket.close(CloseCodes.TRY_AGAIN_LATER, CloseCodes.SERVER_FULL);
                return;
            }
            default -> { }
        }
        Room room = admission.room();
        Member connection = new Member(socket, accepted.userId(), room, WireProtocol.ofSubprotocol(subprotocol),
                accepted.since());
        metrics.connectionsOpened.increment();
        // Join first: if the socket closed meanwhile, the leave below queues behind the join.
        room.join(connection);
        if (!socket.attach(connection)) {
            room.leave(connection);
        }
    }

    @Override
    public void text(ClientSocket socket, String message) {
        if (socket.owner() instanceof Member connection) {
            inbound.text(connection, message);
        }
    }

    @Override
    public void binary(ClientSocket socket) {
        if (socket.owner() instanceof Member connection) {
            inbound.binary(connection);
        }
    }

    @Override
    public void closed(ClientSocket socket) {
        if (socket.detach() instanceof Member connection) {
            connection.room().leave(connection);
        }
    }
}
