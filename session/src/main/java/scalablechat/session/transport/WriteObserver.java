package scalablechat.session.transport;

import java.time.Duration;

/**
 * Told when a chat message's frame has reached the kernel on one socket: the one hook through which the session
 * server times deliveries. The transport picks the frames to follow ({@link OutboundFrame#message} frames, at most
 * one at a time per socket and {@link #INTERVAL} apart), so neither the room nor the write path knows what is measured.
 * Called on whichever thread wrote the bytes; it must be quick.
 */
public interface WriteObserver {
    /** Least time between the receipts of two messages followed on one socket. */
    Duration INTERVAL = Duration.ofMillis(100);

    /** Follows nothing. */
    WriteObserver NONE = new WriteObserver() {
        @Override
        public void written(long receivedNanos) { }

        @Override
        public void abandoned() { }
    };

    /** The last byte of a message's frame received at {@code receivedNanos} ({@link System#nanoTime()}) is written. */
    void written(long receivedNanos);

    /** The socket closed before a followed frame was written. */
    void abandoned();
}
