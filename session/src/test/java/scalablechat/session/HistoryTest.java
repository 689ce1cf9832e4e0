package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;
import scalablechat.session.protocol.V2Protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15 item 5: a v2 client pages back through a room's whole history, from memory and then from disk. */
class HistoryTest {
    private static final Map<String, String> SETTINGS = Map.of("ROOM_HISTORY_SIZE", "100",
            "SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000");

    @Test
    void pagesGoBackToTheFirstMessageFromMemoryThenFromTheLog() throws Exception {
        try (Harness harness = Harness.start(SETTINGS);
             TestClient alice = harness.joinedV2("alice", "r1")) {
            for (int i = 1; i <= 250; i++) {
                alice.sendV2("m" + i, "c" + i);
            }
            for (int i = 1; i <= 250; i++) {
                alice.expect("message");
            }
            List<Long> all = new ArrayList<>();
            long before = 251;
            List<Boolean> more = new ArrayList<>();
            do {
                alice.send("{\"type\":\"history\",\"before\":" + before + ",\"limit\":1000}");
                JsonObject page = alice.expect("history");
                assertEquals(before, page.getLong("before", 0));
                List<Long> ids = ids(page);
                assertTrue(ids.size() <= V2Protocol.HISTORY_PAGE_MESSAGES, "the server bounds the page");
                all.addAll(0, ids);
                more.add(page.getBoolean("more", false));
                before = ids.getFirst();
                JsonObject first = page.get("messages").asArray().get(0).asObject();
                assertEquals("m" + before, first.getString("text", null));
                assertEquals("c" + before, first.getString("cid", null));
            } while (more.getLast());
            assertEquals(LongStream.rangeClosed(1, 250).boxed().toList(), all);
            assertEquals(List.of(true, true, false), more);
            harness.awaitMetric("session_history_pages_total", 3);
            harness.awaitMetric("session_history_pages_from_disk_total", 2); // memory held only 151 to 250

            alice.send("{\"type\":\"history\",\"before\":1}");
            JsonObject none = alice.expect("history");
            assertEquals(0, none.get("messages").asArray().size());
            assertFalse(none.getBoolean("more", true));
        }
    }

    @Test
    void aSmallRoomIsAnsweredFromMemoryUpToItsFirstMessage() throws Exception {
        try (Harness harness = Harness.start(SETTINGS);
             TestClient alice = harness.joinedV2("alice", "r1")) {
            for (int i = 1; i <= 30; i++) {
                alice.sendV2("m" + i, null);
                alice.expect("message");
            }
            alice.send("{\"type\":\"history\",\"before\":21,\"limit\":15}");
            JsonObject page = alice.expect("history");
            assertEquals(LongStream.rangeClosed(6, 20).boxed().toList(), ids(page));
            assertTrue(page.getBoolean("more", false));
            alice.send("{\"type\":\"history\",\"before\":6,\"limit\":15}");
            page = alice.expect("history");
            assertEquals(LongStream.rangeClosed(1, 5).boxed().toList(), ids(page));
            assertFalse(page.getBoolean("more", true));
            assertEquals(0, harness.metric("session_history_pages_from_disk_total"));
        }
    }

    @Test
    void badOrTooManyRequestsGetAnErrorThatSaysItIsAboutHistoryAndSendsAreUnaffected() throws Exception {
        try (Harness harness = Harness.start(SETTINGS);
             TestClient alice = harness.joinedV2("alice", "r1")) {
            for (String bad : List.of("{\"type\":\"history\"}", "{\"type\":\"history\",\"before\":0}",
                    "{\"type\":\"history\",\"before\":\"5\"}", "{\"type\":\"history\",\"before\":1.5}",
                    "{\"type\":\"history\",\"before\":5,\"limit\":0}")) {
                alice.send(bad);
                JsonObject error = alice.expect("error");
                assertEquals("bad_frame", error.getString("code", null), bad);
                assertEquals("history", error.getString("request", null), bad);
            }
            Thread.sleep(2_500); // the history allowance refills after the five bad requests

            int requests = 20; // 8 allowed (the burst), 12 refused: fewer than the 20 strikes that close a flooder
            for (int i = 0; i < requests; i++) {
                alice.send("{\"type\":\"history\",\"before\":100}");
            }
            alice.sendV2("still sent", "s1");
            int answers = 0;
            int refused = 0;
            boolean acknowledged = false;
            while (answers < requests || !acknowledged) {
                JsonObject frame = alice.nextJson();
                switch (frame.getString("type", "")) {
                    case "history" -> answers++;
                    case "error" -> {
                        assertEquals("history", frame.getString("request", null), "no error is taken for the send's: " + frame);
                        assertTrue(List.of("busy", "rate_limited").contains(frame.getString("code", null)), frame.toString());
                        answers++;
                        refused++;
                    }
                    case "message" -> acknowledged = "s1".equals(frame.getString("cid", null));
                    default -> throw new AssertionError("unexpected " + frame);
                }
            }
            assertEquals(requests, answers, "every request got exactly one answer");
            assertTrue(refused > 0 && refused < requests, "a burst is partly refused: " + refused);
            assertNull(alice.poll(200));
            assertFalse(alice.isClosed(), "refusals do not close a connection that stays under the strikes");
        }
    }

    private static List<Long> ids(JsonObject page) {
        List<Long> ids = new ArrayList<>();
        for (JsonValue message : page.get("messages").asArray()) {
            assertEquals("message", message.asObject().getString("type", null));
            ids.add(message.asObject().getLong("id", 0));
        }
        return ids;
    }
}
