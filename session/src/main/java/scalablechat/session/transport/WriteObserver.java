package scalablechat.session.transport;

/**
 * Told when bytes handed to a socket have reached the kernel: the one hook through which the session server
 * measures delivery latency, so the write path itself knows nothing of what is measured.
 */
public interface WriteObserver {
    /** Every byte queued to the socket before the observer was registered is written. */
    void written();

    /** The socket closed first: those bytes will never be written. */
    void abandon();
}
