package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The pieces of the tool's WebSocket client that need no server: frames and the handshake's checks. */
class WsProtocolTest {
    @Test
    void acceptKeyMatchesTheRfcExample() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WsHandshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void requestAsksForTheUpgradeAndTheSubprotocol() {
        WsHandshake handshake = new WsHandshake("scalable-chat.v2");
        String request = new String(handshake.request(URI.create("ws://localhost:8000/?token=a.b-c")),
                StandardCharsets.US_ASCII);
        assertTrue(request.startsWith("GET /?token=a.b-c HTTP/1.1\r\nHost: localhost:8000\r\n"), request);
        assertTrue(request.contains("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"), request);
        assertTrue(request.contains("\r\nSec-WebSocket-Key: " + handshake.key() + "\r\n"), request);
        assertTrue(request.contains("\r\nSec-WebSocket-Protocol: scalable-chat.v2\r\n"), request);
        assertTrue(request.endsWith("\r\n\r\n"));
        assertFalse(new String(new WsHandshake(null).request(URI.create("ws://h:1/")), StandardCharsets.US_ASCII)
                .contains("Sec-WebSocket-Protocol"));
    }

    @Test
    void checksTheAnswer() {
        WsHandshake v2 = new WsHandshake("scalable-chat.v2");
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WsHandshake.accept(v2.key()) + "\r\n";
        v2.check(ok + "Sec-WebSocket-Protocol: scalable-chat.v2\r\n\r\n");
        assertThrows(LoadException.class, () -> v2.check(ok + "\r\n"), "the subprotocol must be chosen");
        assertThrows(LoadException.class, () -> v2.check(ok.replace(WsHandshake.accept(v2.key()), "x") + "\r\n"));
        assertThrows(LoadException.class, () -> v2.check(ok + "Sec-WebSocket-Protocol: scalable-chat.v2\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n"));
        LoadException refused = assertThrows(LoadException.class,
                () -> v2.check("HTTP/1.1 404 WebSocket Upgrade Failure\r\nContent-Length: 0\r\n\r\n"));
        assertEquals("upgrade refused with HTTP 404 WebSocket Upgrade Failure", refused.getMessage());
        WsHandshake original = new WsHandshake(null);
        original.check(ok.replace(WsHandshake.accept(v2.key()), WsHandshake.accept(original.key())) + "\r\n");
    }

    @Test
    void findsTheEndOfTheHeaders() {
        byte[] bytes = "HTTP/1.1 101 OK\r\nA: b\r\n\r\n\u0081\u0002hi".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(25, WsHandshake.headerEnd(bytes, bytes.length));
        assertEquals(-1, WsHandshake.headerEnd(bytes, 24));
    }

    @Test
    void clientFramesAreMaskedWithTheRightLengthEncoding() {
        for (int length : new int[] {0, 5, 125, 126, 65535, 65536}) {
            byte[] payload = new byte[length];
            for (int i = 0; i < length; i++) {
                payload[i] = (byte) i;
            }
            ByteBuffer frame = WsFrames.encode(WsFrames.OP_TEXT, payload);
            assertEquals(0x81, frame.get(0) & 0xFF);
            assertEquals(0x80, frame.get(1) & 0x80, "client frames are masked");
            int header;
            long announced = frame.get(1) & 0x7F;
            if (announced == 126) {
                announced = frame.getShort(2) & 0xFFFF;
                header = 4;
            } else if (announced == 127) {
                announced = frame.getLong(2);
                header = 10;
            } else {
                header = 2;
            }
            assertEquals(length, announced);
            assertEquals(header + 4 + length, frame.remaining());
            byte[] mask = new byte[4];
            frame.get(header, mask);
            for (int i = 0; i < length; i++) {
                assertEquals(payload[i], (byte) (frame.get(header + 4 + i) ^ mask[i & 3]));
            }
        }
    }

    @Test
    void closeFramesCarryTheCodeAndAShortReason() {
        ByteBuffer frame = WsFrames.close(1000, "x".repeat(300));
        assertEquals(0x88, frame.get(0) & 0xFF);
        assertEquals(125, frame.get(1) & 0x7F, "a control frame's payload is at most 125 bytes");
        byte[] mask = new byte[4];
        frame.get(2, mask);
        int code = ((frame.get(6) ^ mask[0]) & 0xFF) << 8 | ((frame.get(7) ^ mask[1]) & 0xFF);
        assertEquals(1000, code);
    }
}
