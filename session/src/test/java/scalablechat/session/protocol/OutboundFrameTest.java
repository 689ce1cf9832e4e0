package scalablechat.session.protocol;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Frames encoded once for a fan-out, without a server. */
class OutboundFrameTest {
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
        ByteBuffer wire = frame.wireCopy();
        assertEquals(0x81, wire.get(0) & 0xff);
        assertEquals(126, wire.get(1));
        assertEquals(200, wire.getShort(2));
        assertEquals(frame.wireBytes(), wire.remaining());
    }

    @Test
    void aMessageFrameKnowsWhenItsMessageWasReceived() {
        assertEquals(OutboundFrame.NOT_TIMED, OutboundFrame.text("{}").receivedNanos());
        assertEquals(42, OutboundFrame.message("{}", 42).receivedNanos());
    }
}
