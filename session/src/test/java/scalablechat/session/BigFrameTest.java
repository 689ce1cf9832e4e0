package scalablechat.session;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Big frames arrive whole and well-formed: resumes whose welcome carries hundreds of long messages (100–500 KB), read
 * by a strict client through a small receive buffer (so the server's writes stop part-way), while the room pings every
 * second and keeps taking messages. The JDK's WebSocket client (JDK 25) now and then rejects such a frame as
 * "Invalid UTF-8 in frame TEXT" (about 1 in 200 here); this test is the evidence that the bytes we send are right.
 */
class BigFrameTest {
    private static final int ROUNDS = 300;

    @Test
    void bigWelcomesArriveWholeThroughPartialWrites() throws Exception {
        try (Harness harness = Harness.start(Map.of("HEARTBEAT_SECONDS", "1", "SEND_RATE_PER_SECOND", "1000000",
                "SEND_RATE_BURST", "1000000", "ROOM_SEND_RATE_PER_SECOND", "1000000", "ROOM_SEND_BURST", "1000000",
                "FSYNC", "never"))) {
            String text = "y".repeat(1000);
            try (TestClient writer = harness.joinedV2("writer", "r1")) {
                for (int i = 0; i < 400; i++) {
                    writer.sendV2(text, null);
                    writer.expect("message");
                }
                List<String> wrong = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    long since = 1 + (i * 7L) % 300;
                    URI uri = harness.uri("reader" + (i % 5), "r1", since);
                    try (RawWebSocket reader = RawWebSocket.open(uri.getPort(), uri.getRawQuery(), Harness.V2, 8192)) {
                        RawWebSocket.Frame frame = reader.readFrame();
                        String json = strictUtf8(frame.payload());
                        if (frame.opcode() != RawWebSocket.OP_TEXT || !json.startsWith("{\"type\":\"welcome\"")
                                || !json.endsWith("}")) {
                            wrong.add("round " + i + ": opcode " + frame.opcode() + ", " + frame.payload().length + " bytes");
                        }
                    } catch (CharacterCodingException e) {
                        wrong.add("round " + i + ": not UTF-8");
                    }
                    if (i % 3 == 0) {
                        writer.sendV2(text, null); // a message fanned out while the next welcome is written
                    }
                }
                assertEquals(List.of(), wrong);
            }
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }
}
