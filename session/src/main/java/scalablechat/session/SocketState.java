package scalablechat.session;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What we keep per client socket, from accept to close, as its Java-WebSocket attachment. It is set
 * on the selector thread before the socket is first read, so every later callback sees it; its
 * mutable parts are atomic because onOpen (a decoder thread) and onClose (the selector) can race.
 */
final class SocketState {
    private static final Object CLOSED = new Object();

    private final CountingChannel channel;
    private volatile HandshakeAuthenticator.Result handshake;
    /** null until opened, then the Connection, or CLOSED once the socket closed. */
    private final AtomicReference<Object> connection = new AtomicReference<>();

    SocketState(CountingChannel channel) {
        this.channel = channel;
    }

    CountingChannel channel() {
        return channel;
    }

    HandshakeAuthenticator.Result handshake() {
        return handshake;
    }

    void handshake(HandshakeAuthenticator.Result result) {
        this.handshake = result;
    }

    /** The connection in a room, or null before it joined and after it closed. */
    Connection connection() {
        return connection.get() instanceof Connection c ? c : null;
    }

    /** Links the connection; false when the socket closed first, and will never report a close. */
    boolean attach(Connection c) {
        return connection.compareAndSet(null, c);
    }

    /** Marks the socket closed and returns the connection that must leave its room, if any (once). */
    Connection detach() {
        return connection.getAndSet(CLOSED) instanceof Connection c ? c : null;
    }
}
