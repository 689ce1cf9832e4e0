package scalablechat.session.transport;

import org.java_websocket.framing.TextFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded once, header and all, with the number of bytes it takes on the wire. One fan-out
 * hands the same frame to every recipient: {@link GuardedDraft#createBinaryFrame} gives each connection a
 * {@link ByteBuffer#duplicate} of the encoded bytes (its own position, shared contents), so a delivery
 * costs no copy, and any thread may send the same frame.
 */
public final class OutboundFrame {
    private static final int SHORT_PAYLOAD = 125;
    private static final int MEDIUM_PAYLOAD = 65_535;
    private static final int FIN_TEXT = 0x81;

    private final EncodedTextFrame frame;
    private final int wireBytes;

    private OutboundFrame(EncodedTextFrame frame, int wireBytes) {
        this.frame = frame;
        this.wireBytes = wireBytes;
    }

    /** {@code json} as one text frame. */
    public static OutboundFrame text(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        int size = wireSize(utf8.length);
        ByteBuffer wire = ByteBuffer.allocate(size);
        wire.put((byte) FIN_TEXT);
        if (utf8.length <= SHORT_PAYLOAD) {
            wire.put((byte) utf8.length);
        } else if (utf8.length <= MEDIUM_PAYLOAD) {
            wire.put((byte) 126).putShort((short) utf8.length);
        } else {
            wire.put((byte) 127).putLong(utf8.length);
        }
        wire.put(utf8).flip();
        return new OutboundFrame(new EncodedTextFrame(utf8, wire), size);
    }

    /** Header plus payload of an unmasked (server to client) frame, RFC 6455 section 5.2. */
    public static int wireSize(int payload) {
        if (payload <= SHORT_PAYLOAD) {
            return 2 + payload;
        }
        return (payload <= MEDIUM_PAYLOAD ? 4 : 10) + payload;
    }

    /** The bytes this frame takes on the wire, header included. */
    public int wireBytes() {
        return wireBytes;
    }

    EncodedTextFrame frame() {
        return frame;
    }

    /**
     * A final, unmasked, uncompressed text frame with its wire bytes; {@code wire}'s position never moves.
     * Not read-only: WebSocketImpl.write reads {@code array()} of every buffer it queues.
     */
    static final class EncodedTextFrame extends TextFrame {
        private final ByteBuffer wire;

        private EncodedTextFrame(byte[] utf8, ByteBuffer wire) {
            this.wire = wire;
            setPayload(ByteBuffer.wrap(utf8));
        }

        /** The whole frame as it goes on the wire, for one connection to write (and advance). */
        ByteBuffer wireCopy() {
            return wire.duplicate();
        }
    }
}
