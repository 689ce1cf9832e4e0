package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-user send rate, flooding, and slow consumers. */
class LimitsTest {
    /** Messages the slow-consumer test's sender may have unacknowledged: 32 KB, under its 64 KiB cap. */
    private static final int WINDOW = 32;

    @Test
    void sendsOverTheRateGetRateLimitedAndAreNotStored() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1", "SEND_RATE_BURST", "5"));
             TestClient alice = harness.joinedV2("alice", "r1")) {
            for (int i = 0; i < 10; i++) {
                alice.sendV2("m" + i, null);
            }
            int stored = 0;
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                JsonObject frame = alice.nextJson();
                if ("message".equals(frame.getString("type", null))) {
                    assertEquals(++stored, frame.getLong("id", 0));
                } else {
                    assertEquals("rate_limited", frame.getString("code", null), frame.toString());
                    limited++;
                }
            }
            assertTrue(stored >= 5, "the burst gets through");
            assertTrue(limited >= 1, "the excess is refused");
            assertTrue(!alice.isClosed(), "over the rate now and then is not flooding");
        }
    }

    @Test
    void aUserWhoKeepsFloodingIsDisconnectedWith1008() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1", "SEND_RATE_BURST", "1",
                "FLOOD_STRIKES", "3"));
             TestClient alice = harness.joinedV2("alice", "r1")) {
            for (int i = 0; i < 1000 && !alice.isClosed(); i++) {
                try {
                    alice.sendV2("flood " + i, null);
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
            }
            TestClient.Close close = alice.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("rate limit exceeded", close.reason());
            assertEquals(1, harness.metric("session_flood_disconnects_total"));
        }
    }

    @Test
    void originalProtocolClientsAreRateLimitedToo() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1", "SEND_RATE_BURST", "1",
                "FLOOD_STRIKES", "2"));
             TestClient olga = harness.original("olga", "r1")) {
            olga.nextJson();
            for (int i = 0; i < 1000 && !olga.isClosed(); i++) {
                try {
                    olga.send("flood " + i);
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
            }
            assertEquals(1008, olga.awaitClose().code());
            assertTrue(harness.metric("session_messages_stored_total") < 10);
        }
    }

    /**
     * A reader that stops reading is cut off once its unsent bytes pass MAX_UNSENT_BYTES, while the
     * rest of the room keeps receiving everything.
     */
    @Test
    void aSlowConsumerIsClosedAndTheRoomCarriesOn() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1000000", "SEND_RATE_BURST", "1000000",
                "MAX_UNSENT_BYTES", "65536"));
             TestClient sender = harness.joinedV2("sender", "r1");
             TestClient reader = harness.joinedV2("reader", "r1")) {
            String query = "token=" + URLEncoder.encode(harness.token("stalled", "r1"), StandardCharsets.UTF_8);
            try (RawWebSocket stalled = RawWebSocket.open(harness.server.port(), query, Harness.V2, 4096)) {
                harness.awaitConnections("r1", 3);
                String text = "x".repeat(1000);
                int sent = 0;
                long acknowledged = 0;
                // Socket buffers absorb a few MB before the server's own queue grows; keep going until it acts.
                // The sender waits for its own echoes to stay a few messages ahead, so readers that read
                // are never more than that behind: only the stalled one falls behind.
                while (harness.metric("session_slow_consumer_disconnects_total") == 0) {
                    assertTrue(sent < 40_000, "the stalled reader was never cut off");
                    for (int i = 0; i < 500; i++) {
                        sender.sendV2(text, null);
                        sent++;
                        while (sent - acknowledged > WINDOW) {
                            JsonObject frame = sender.nextJson();
                            if ("message".equals(frame.getString("type", null))) {
                                acknowledged = frame.getLong("id", 0);
                            }
                        }
                    }
                }
                int received = 0;
                while (received < sent) {
                    JsonObject frame = reader.nextJson();
                    if ("message".equals(frame.getString("type", null))) {
                        assertEquals(++received, frame.getLong("id", 0), "the room kept every message, in order");
                    }
                }
                harness.awaitConnections("r1", 2);
                int stalledMessages = countUntilClosed(stalled);
                System.out.println("slow consumer: cut off after " + sent + " messages were sent; it read "
                        + stalledMessages + " before the server closed it");
                assertTrue(stalledMessages < sent, "it was cut off before the end: " + stalledMessages + " of " + sent);
            }
            sender.sendV2("after", null);
            assertEquals("after", lastText(reader));
        }
    }

    /** Reads what the server managed to send before closing; the close frame itself may be cut off by the hard close. */
    private static int countUntilClosed(RawWebSocket socket) throws IOException {
        int messages = 0;
        try {
            while (true) {
                RawWebSocket.Frame frame = socket.readFrame();
                if (frame.opcode() == RawWebSocket.OP_CLOSE) {
                    assertEquals(1008, frame.closeCode());
                    assertEquals("slow consumer", frame.closeReason());
                    return messages;
                }
                if (frame.text().contains("\"type\":\"message\"")) {
                    messages++;
                }
            }
        } catch (IOException endOfStream) {
            return messages; // hard-closed after the grace period
        }
    }

    private static String lastText(TestClient client) throws InterruptedException {
        while (true) {
            JsonObject frame = client.nextJson();
            if ("message".equals(frame.getString("type", null))) {
                return frame.getString("text", null);
            }
        }
    }

    @Test
    void pingsAreAnswered() throws Exception {
        try (Harness harness = Harness.start();
             RawWebSocket raw = RawWebSocket.open(harness.server.port(),
                     "token=" + URLEncoder.encode(harness.token("alice", "r1"), StandardCharsets.UTF_8), Harness.V2, 0)) {
            raw.readFrame(); // welcome
            raw.write(RawWebSocket.clientFrame(9, "are you there".getBytes(StandardCharsets.UTF_8)));
            RawWebSocket.Frame pong = raw.readFrame();
            assertEquals(10, pong.opcode());
            assertEquals("are you there", pong.text());
            assertEquals("welcome", Json.parse("{\"type\":\"welcome\"}").asObject().getString("type", null));
        }
    }
}
