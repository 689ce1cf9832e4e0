package scalablechat.session.transport;

import org.java_websocket.framing.TextFrame;

import java.nio.ByteBuffer;

/**
 * One socket's copy of an {@link OutboundFrame}, in the shape Java-WebSocket's send queue takes:
 * {@link GuardedDraft#createBinaryFrame} hands its bytes back as they are instead of encoding a payload.
 */
final class PreEncodedFrame extends TextFrame {
    private final ByteBuffer wire;

    PreEncodedFrame(ByteBuffer wire) {
        this.wire = wire;
    }

    ByteBuffer wire() {
        return wire;
    }
}
