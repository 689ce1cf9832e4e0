package scalablechat.session.transport;

/**
 * What the transport tells the server about client sockets. Called on Java-WebSocket's decoder threads
 * ({@link #closed} also on its selector thread), so every method must return quickly: hand slow work on.
 */
public interface SocketListener {
    /**
     * A client finished the WebSocket upgrade.
     *
     * @param path        the request target, query included (for example {@code /?token=...})
     * @param host        the request's Host header, or null when it had none
     * @param subprotocol the subprotocol agreed on, or "" for none
     */
    void opened(ClientSocket socket, String path, String host, String subprotocol);

    /** A whole text message arrived (fragments already joined, size already bounded). */
    void text(ClientSocket socket, String message);

    /** A binary message arrived. */
    void binary(ClientSocket socket);

    /** The socket closed, once, whoever closed it. */
    void closed(ClientSocket socket);
}
