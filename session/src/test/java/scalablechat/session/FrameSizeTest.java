package scalablechat.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Frames over MAX_FRAME_BYTES close the connection with 1009 and cost the server nothing. */
class FrameSizeTest {
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private String query(String user) {
        return "token=" + URLEncoder.encode(harness.token(user, "r1"), StandardCharsets.UTF_8);
    }

    @Test
    void aOneGigabyteFrameHeaderLeavesTheServerAlive() throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(harness.server.port(), query("mallory"), Harness.V2, 0)) {
            assertEquals(RawWebSocket.OP_TEXT, raw.readFrame().opcode()); // welcome
            ByteBuffer header = ByteBuffer.allocate(14);
            header.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(1L << 30).put(new byte[] {1, 2, 3, 4});
            raw.write(header.array());
            RawWebSocket.Frame close = raw.readFrame();
            assertEquals(RawWebSocket.OP_CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
        }
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            alice.sendV2("still here", null);
            assertEquals("still here", alice.expect("message").getString("text", null));
        }
    }

    @Test
    void aFrameJustOver64KiBIsClosedWith1009() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            alice.send("x".repeat(64 * 1024 + 1));
            assertEquals(1009, alice.awaitClose().code());
        }
    }
}
