package scalablechat.loadtest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** WebSocket frames (RFC 6455 section 5) as a client writes them (always masked) and reads them (never masked). */
final class WsFrames {
    static final int OP_CONTINUATION = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;
    /** Close code for "no status received" (RFC 6455 7.4.1); never sent on the wire. */
    static final int NO_STATUS = 1005;
    /** Close code for a connection that ended without a close frame. */
    static final int ABNORMAL = 1006;

    private WsFrames() {}

    /** A complete, masked client frame. */
    static ByteBuffer encode(int opcode, byte[] payload) {
        int length = payload.length;
        int header = 2 + (length < 126 ? 0 : length <= 0xFFFF ? 2 : 8) + 4;
        ByteBuffer frame = ByteBuffer.allocate(header + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        int mask = ThreadLocalRandom.current().nextInt();
        frame.putInt(mask);
        byte[] m = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ m[i & 3]));
        }
        return frame.flip();
    }

    static ByteBuffer text(String text) {
        return encode(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A close frame with {@code code} and {@code reason} (reason cut to fit the 125-byte control frame limit). */
    static ByteBuffer close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, 123);
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, n);
        return encode(OP_CLOSE, payload);
    }
}
