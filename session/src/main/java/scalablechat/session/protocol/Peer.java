package scalablechat.session.protocol;

/**
 * The client end of one WebSocket, as everything above the transport sees it: frames go to it, and it can be
 * closed. Any thread may call it. The transport's {@code ClientSocket} is the one implementation.
 */
public interface Peer {
    /**
     * Queues a frame within the socket's byte budget, or with {@code writeNow} writes it at once when nothing waits
     * before it. False when it was not queued: the socket is closing, or is closed now as a slow consumer.
     */
    boolean send(OutboundFrame frame, boolean writeNow);

    /** Starts closing with a close frame; true only for the call that did. */
    boolean close(int code, String reason);

    /** True once a close has started, from either side. */
    boolean isClosing();
}
