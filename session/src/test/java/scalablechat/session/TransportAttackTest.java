package scalablechat.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames a hostile client can send after a valid handshake. Each attack must end with that client
 * closed, and a well-behaved client in the same room still sending and receiving.
 */
class TransportAttackTest {
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private RawWebSocket attacker() throws Exception {
        String query = "token=" + URLEncoder.encode(harness.token("mallory", "r1"), StandardCharsets.UTF_8);
        RawWebSocket raw = RawWebSocket.open(harness.server.port(), query, Harness.V2, 0);
        assertEquals(RawWebSocket.OP_TEXT, raw.readFrame().opcode()); // welcome
        return raw;
    }

    private void victimStillChats(TestClient victim, String text) throws Exception {
        victim.sendV2(text, null);
        assertEquals(text, nextMessage(victim).getString("text", null));
    }

    /** The next chat message, past presence frames (the attacker's join and leave). */
    static com.eclipsesource.json.JsonObject nextMessage(TestClient client) throws InterruptedException {
        while (true) {
            com.eclipsesource.json.JsonObject frame = client.nextJson();
            if (frame.getString("type", "").equals("message")) {
                return frame;
            }
        }
    }

    @Test
    void endlessEmptyContinuationFramesAreClosedWith1009() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1"); RawWebSocket raw = attacker()) {
            raw.write(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, "{".getBytes(StandardCharsets.UTF_8), true));
            byte[] empty = RawWebSocket.frame(false, 0, new byte[0], true);
            byte[] burst = new byte[empty.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(empty, 0, burst, i * empty.length, empty.length);
            }
            try {
                for (int i = 0; i < 100; i++) { // 100,000 fragments unless the server closes first
                    raw.write(burst);
                }
            } catch (java.io.IOException closedOnUs) {
                // the server closed while we were still writing: what we want
            }
            RawWebSocket.Frame close = raw.readFrame();
            assertEquals(RawWebSocket.OP_CLOSE, close.opcode());
            assertEquals(1009, close.closeCode());
            victimStillChats(alice, "after the fragments");
        }
    }

    @Test
    void fragmentsAddingUpToMoreThanTheFrameCapAreClosedWith1009() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1"); RawWebSocket raw = attacker()) {
            byte[] chunk = new byte[8 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            raw.write(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, chunk, true));
            try {
                for (int i = 0; i < 9; i++) { // 80 KiB in all, never final, against a 64 KiB cap
                    raw.write(RawWebSocket.frame(false, 0, chunk, true));
                }
            } catch (java.io.IOException closedOnUs) {
                // closed while writing
            }
            RawWebSocket.Frame close = raw.readFrame();
            assertEquals(1009, close.closeCode());
            victimStillChats(alice, "after the big fragments");
        }
    }

    @Test
    void aFragmentedMessageWithinTheLimitsStillArrives() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1"); RawWebSocket raw = attacker()) {
            byte[] whole = "{\"type\":\"send\",\"text\":\"in three parts\"}".getBytes(StandardCharsets.UTF_8);
            raw.write(RawWebSocket.frame(false, RawWebSocket.OP_TEXT, java.util.Arrays.copyOfRange(whole, 0, 10), true));
            raw.write(RawWebSocket.frame(false, 0, java.util.Arrays.copyOfRange(whole, 10, 20), true));
            raw.write(RawWebSocket.frame(true, 0, java.util.Arrays.copyOfRange(whole, 20, whole.length), true));
            assertEquals("in three parts", nextMessage(alice).getString("text", null));
        }
    }

    /**
     * Memory the frame cap allows, multiplied by connections, can still run a small heap out. Java-WebSocket
     * then stops serving; the process must not go on looking healthy, but exit so that it is replaced.
     */
    @Test
    void aFatalErrorInTheWebSocketServerEndsTheProcessWithStatus3(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir)
            throws Exception {
        try (SessionProcess server = SessionProcess.start(dataDir, java.util.Map.of("MAX_FRAME_BYTES", Integer.toString(16 << 20)))) {
            java.util.List<RawWebSocket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) {
                    String query = "token=" + URLEncoder.encode(harness.tokens.sessionToken("m" + i, "r1", server.host()),
                            StandardCharsets.UTF_8);
                    RawWebSocket raw = RawWebSocket.open(server.port(), query, Harness.V2, 0);
                    sockets.add(raw);
                    java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(14 + 16);
                    header.put((byte) 0x81).put((byte) (0x80 | 127)).putLong((16 << 20) - 64).put(new byte[] {1, 2, 3, 4});
                    raw.write(header.array()); // the server allocates the whole announced frame at once
                }
            } catch (java.io.IOException refused) {
                // the server died while we were still connecting
            } finally {
                for (RawWebSocket raw : sockets) {
                    raw.close();
                }
            }
            assertEquals(SessionMain.EXIT_BROKEN, server.awaitExit(TestClient.WAIT.toSeconds()), server.output());
            org.junit.jupiter.api.Assertions.assertTrue(server.output().contains("the WebSocket server failed"), server.output());
        }
    }

    @Test
    void unmaskedClientFramesAreAProtocolError() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1"); RawWebSocket raw = attacker()) {
            raw.write(RawWebSocket.frame(true, RawWebSocket.OP_TEXT,
                    "{\"type\":\"send\",\"text\":\"unmasked\"}".getBytes(StandardCharsets.UTF_8), false));
            RawWebSocket.Frame close = raw.readFrame();
            assertEquals(RawWebSocket.OP_CLOSE, close.opcode());
            assertEquals(1002, close.closeCode());
            // Had the unmasked text been stored, it would be alice's next message.
            victimStillChats(alice, "after the unmasked frame");
        }
    }
}
