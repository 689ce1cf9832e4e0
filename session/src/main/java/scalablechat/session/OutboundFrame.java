package scalablechat.session;

import org.java_websocket.framing.TextFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded once, with the number of bytes it takes on the wire. One fan-out hands the
 * same frame to every recipient. Java-WebSocket reads the payload buffer's position while copying it,
 * so a frame must be used by one thread at a time: the room's mailbox, or the connection that made it.
 */
record OutboundFrame(TextFrame frame, int wireBytes) {
    private static final int SHORT_PAYLOAD = 125;
    private static final int MEDIUM_PAYLOAD = 65_535;

    static OutboundFrame text(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        TextFrame frame = new TextFrame();
        frame.setPayload(ByteBuffer.wrap(utf8));
        return new OutboundFrame(frame, wireSize(utf8.length));
    }

    /** Header plus payload of an unmasked (server to client) frame, RFC 6455 section 5.2. */
    static int wireSize(int payload) {
        if (payload <= SHORT_PAYLOAD) {
            return 2 + payload;
        }
        return (payload <= MEDIUM_PAYLOAD ? 4 : 10) + payload;
    }
}
