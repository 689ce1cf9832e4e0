package scalablechat.session.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded once, header and all (RFC 6455 §5.2, unmasked: server to client). One fan-out hands the
 * same frame to every recipient; each socket writes its own {@link ByteBuffer#duplicate} of the bytes (its own
 * position, shared contents), so a delivery costs no copy, and any thread may send the same frame.
 * <p>A frame that carries a chat message knows when that message was received, so the transport can time its
 * delivery ({@link WriteObserver}) without the sender knowing anything of it.
 */
public final class OutboundFrame {
    /** {@link #receivedNanos()} of a frame that carries no chat message (a ping, an error, a snapshot). */
    public static final long NOT_TIMED = Long.MIN_VALUE;

    private static final int SHORT_PAYLOAD = 125;
    private static final int MEDIUM_PAYLOAD = 65_535;
    private static final int FIN_TEXT = 0x81;

    /** The whole frame as it goes on the wire; its position never moves. */
    private final ByteBuffer wire;
    private final long receivedNanos;

    private OutboundFrame(ByteBuffer wire, long receivedNanos) {
        this.wire = wire;
        this.receivedNanos = receivedNanos;
    }

    /** {@code json} as one text frame. */
    public static OutboundFrame text(String json) {
        return new OutboundFrame(encode(json), NOT_TIMED);
    }

    /** A chat message's event as one text frame, with the {@link System#nanoTime()} its send was received at. */
    public static OutboundFrame message(String json, long receivedNanos) {
        return new OutboundFrame(encode(json), receivedNanos);
    }

    /** Header plus payload of an unmasked (server to client) frame. */
    public static int wireSize(int payload) {
        if (payload <= SHORT_PAYLOAD) {
            return 2 + payload;
        }
        return (payload <= MEDIUM_PAYLOAD ? 4 : 10) + payload;
    }

    /** The bytes this frame takes on the wire, header included. */
    public int wireBytes() {
        return wire.limit();
    }

    /** When the chat message this frame carries was received, or {@link #NOT_TIMED}. */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** The frame's bytes for one socket to write (and advance). */
    public ByteBuffer wireCopy() {
        return wire.duplicate();
    }

    private static ByteBuffer encode(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer wire = ByteBuffer.allocate(wireSize(utf8.length));
        wire.put((byte) FIN_TEXT);
        if (utf8.length <= SHORT_PAYLOAD) {
            wire.put((byte) utf8.length);
        } else if (utf8.length <= MEDIUM_PAYLOAD) {
            wire.put((byte) 126).putShort((short) utf8.length);
        } else {
            wire.put((byte) 127).putLong(utf8.length);
        }
        return wire.put(utf8).flip();
    }
}
