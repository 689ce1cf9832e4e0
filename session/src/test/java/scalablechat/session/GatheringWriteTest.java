package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames that queued up for a slow reader go out in few gathering writes, every one intact and in
 * order; with gathering off (WRITE_GATHER_BYTES=0) each frame takes at least one write, which shows
 * the write count measures what it claims.
 */
class GatheringWriteTest {
    /** How much the slow reader must have waiting in the server before it starts reading. */
    private static final long QUEUED_BYTES = 256 * 1024;
    private static final int MAX_MESSAGES = 20_000;
    private static final String PADDING = "x".repeat(900);

    @ParameterizedTest(name = "WRITE_GATHER_BYTES={0}")
    @ValueSource(ints = {262144, 0})
    void aSlowReadersBacklogGoesOutInFewWritesAndIntact(int gatherBytes) throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1000000", "SEND_RATE_BURST", "1000000",
                "MAX_UNSENT_BYTES", "67108864", "WRITE_GATHER_BYTES", Integer.toString(gatherBytes)));
             TestClient sender = harness.joinedV2("sender", "r1")) {
            String query = "token=" + URLEncoder.encode(harness.token("slow", "r1"), StandardCharsets.UTF_8);
            try (RawWebSocket slow = RawWebSocket.open(harness.server.port(), query, Harness.V2, 4096)) {
                harness.awaitConnections("r1", 2);
                int sent = 0;
                while (harness.metric("session_unsent_bytes_max") < QUEUED_BYTES) {
                    assertTrue(sent < MAX_MESSAGES, "the slow reader's frames never queued up in the server");
                    for (int i = 0; i < 100; i++) {
                        sender.sendV2(sent++ + " " + PADDING, null);
                    }
                    awaitEcho(sender, sent - 1);
                }
                long framesBefore = harness.metric("session_frames_queued_total");
                long writesBefore = harness.metric("session_socket_writes_total");
                // At least this many: each frame is the text plus well under 200 bytes of JSON and framing.
                long queuedFrames = harness.metric("session_unsent_bytes_max") / (PADDING.length() + 200);

                int next = 0;
                while (next < sent) {
                    JsonObject frame = Json.parse(new String(slow.readFrame().payload(), StandardCharsets.UTF_8)).asObject();
                    if ("message".equals(frame.getString("type", null))) {
                        assertEquals(next + " " + PADDING, frame.getString("text", null), "message " + next);
                        next++;
                    }
                }

                assertEquals(framesBefore, harness.metric("session_frames_queued_total"), "nothing else was sent meanwhile");
                long writes = harness.metric("session_socket_writes_total") - writesBefore;
                if (gatherBytes > 0) {
                    assertTrue(writes * 4 < queuedFrames, writes + " writes for about " + queuedFrames + " queued frames");
                } else {
                    assertTrue(writes >= queuedFrames, writes + " writes for about " + queuedFrames + " queued frames");
                }
            }
        }
    }

    private static void awaitEcho(TestClient sender, int number) throws InterruptedException {
        String last = number + " " + PADDING;
        while (!last.equals(sender.nextJson().getString("text", null))) {
            // earlier echoes
        }
    }
}
