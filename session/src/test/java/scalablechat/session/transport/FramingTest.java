package scalablechat.session.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frame sizes and close reasons, without a server. */
class FramingTest {
    @Test
    void closeReasonsFitAControlFrame() {
        assertEquals("short", Closer.fit("short"));
        String fitted = Closer.fit("é".repeat(100));
        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= 123);
        assertEquals(61, fitted.length(), "cut on a character boundary");
    }

    @Test
    void wireSizeFollowsTheFrameHeader() {
        assertEquals(2 + 125, OutboundFrame.wireSize(125));
        assertEquals(4 + 126, OutboundFrame.wireSize(126));
        assertEquals(4 + 65535, OutboundFrame.wireSize(65535));
        assertEquals(10 + 65536, OutboundFrame.wireSize(65536));
    }

    @Test
    void aTextFrameIsEncodedOnceWithItsHeader() {
        OutboundFrame frame = OutboundFrame.text("é".repeat(100));
        assertEquals(4 + 200, frame.wireBytes());
        java.nio.ByteBuffer wire = frame.wireCopy();
        assertEquals(0x81, wire.get(0) & 0xff);
        assertEquals(126, wire.get(1));
        assertEquals(200, wire.getShort(2));
        assertEquals(frame.wireBytes(), wire.remaining());
    }
}
