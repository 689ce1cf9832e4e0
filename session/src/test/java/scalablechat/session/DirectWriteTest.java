package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: a fan-out writes idle sockets itself (CountingChannel.writeOrQueue) and leaves what a full socket
 * cannot take to the selector thread. A reader that stalls, so that those writes stop halfway through frames,
 * must still get every frame whole and in order once it reads again.
 */
class DirectWriteTest {
    /** Gives up sending if the socket buffers never fill (they absorb a few MB); the test then fails. */
    private static final int MAX_MESSAGES = 20_000;

    @Test
    void aStalledReaderGetsEveryFrameWholeAndInOrderAfterPartialWrites() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1000000", "SEND_RATE_BURST", "1000000",
                "MAX_UNSENT_BYTES", "8388608"));
             TestClient sender = harness.joinedV2("sender", "r1")) {
            String query = "token=" + URLEncoder.encode(harness.token("stalled", "r1"), StandardCharsets.UTF_8);
            try (RawWebSocket stalled = RawWebSocket.open(harness.server.port(), query, Harness.V2, 4096)) {
                harness.awaitConnections("r1", 2);
                // One message at a time (each waits for its echo), so no other append is on its way and every
                // fan-out writes the sockets directly: the stalled socket fills, and later writes stop mid-frame.
                String text = "y".repeat(999);
                int sent = 0;
                for (int i = 1; i <= MAX_MESSAGES && !(i % 100 == 0 && harness.metric("session_unfinished_direct_writes_total") > 0); i++) {
                    sender.sendV2(text + (i % 10), null);
                    JsonObject echo;
                    do {
                        echo = sender.nextJson();
                    } while (!"message".equals(echo.getString("type", null)));
                    assertEquals(i, echo.getLong("id", 0));
                    sent = i;
                }
                assertTrue(harness.metric("session_unfinished_direct_writes_total") > 0, "a direct write stopped mid-frame");
                for (int i = 0; i < 50; i++) { // and more after it, queued behind the rest
                    sender.sendV2(text + ((sent + 1) % 10), null);
                    sent++;
                }
                long next = 1;
                while (next <= sent) {
                    RawWebSocket.Frame frame = stalled.readFrame();
                    assertEquals(1, frame.opcode(), "a text frame");
                    JsonObject json = Json.parse(new String(frame.payload(), StandardCharsets.UTF_8)).asObject();
                    if ("message".equals(json.getString("type", null))) {
                        assertEquals(next, json.getLong("id", 0), "in order, none lost or torn");
                        assertEquals(text + (next % 10), json.getString("text", null));
                        next++;
                    }
                }
            }
        }
    }
}
