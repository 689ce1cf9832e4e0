package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What a connection makes of the frames of each protocol, fed to its listener as the JDK client would. */
class FrameReadingTest {
    private final Tally tally = new Tally();

    @Test
    void originalSnapshotsCountOnlyTheMessagesNotSeenBefore() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.ORIGINAL, tally, true);
        List<String> texts = new ArrayList<>();
        c.onText(null, snapshot(texts), true); // the join snapshot: no messages yet
        assertTrue(c.isReady());
        for (int seq = 0; seq < 3; seq++) {
            texts.add(new Marker(0, seq, Marker.now()).text(64));
            c.onText(null, snapshot(texts), true);
        }
        assertEquals(3, tally.delivered());
        c.onText(null, snapshot(texts), true); // a leave snapshot repeats the same messages
        assertEquals(3, tally.delivered());
        assertEquals(0, tally.errors());
    }

    @Test
    void originalSnapshotWithSeveralNewMessagesCountsEach() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.ORIGINAL, tally, true);
        List<String> texts = new ArrayList<>();
        texts.add(new Marker(0, 0, Marker.now()).text(20));
        c.onText(null, snapshot(texts), true);
        // Messages from different senders may reach the room in any order; each is new once.
        texts.add(new Marker(0, 2, Marker.now()).text(20));
        texts.add("a message from a browser, without a tag");
        texts.add(new Marker(0, 1, Marker.now()).text(20));
        c.onText(null, snapshot(texts), true);
        assertEquals(3, tally.delivered());
        assertEquals(3, tally.phase(0).count());
    }

    @Test
    void originalSnapshotsSplitIntoPartsAreJoinedFirst() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.ORIGINAL, tally, true);
        List<String> texts = new ArrayList<>();
        for (int seq = 0; seq < 100; seq++) {
            texts.add(new Marker(0, seq, Marker.now()).text(64));
        }
        String frame = snapshot(texts);
        int cut = frame.indexOf("#L0.50.") + 4; // in the middle of a tag
        c.onText(null, frame.substring(0, cut), false);
        assertEquals(0, tally.delivered());
        c.onText(null, frame.substring(cut), true);
        assertEquals(100, tally.delivered());
        assertEquals(frame.length(), c.charsReceived());
    }

    @Test
    void v2MessagesCountOnceAndDuplicatesAreErrors() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        c.onText(null, Json.object().add("type", "welcome").add("roomId", "r").add("userId", "u0-0")
                .add("users", Json.array("u0-0")).add("messages", Json.array()).add("recovered", false).toString(), true);
        assertTrue(c.isReady());
        String message = message(1, new Marker(0, 0, Marker.now()).text(64));
        c.onText(null, message, true);
        c.onText(null, Json.object().add("type", "join").add("userId", "bob").toString(), true);
        assertEquals(1, tally.delivered());
        assertEquals(0, tally.errors());
        c.onText(null, message, true);
        assertEquals(1, tally.delivered());
        assertEquals(1, tally.duplicates());
        assertEquals(1, tally.errors());
    }

    @Test
    void v2ErrorFramesAndUnreadableFramesAreCountedByKind() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        c.onText(null, Json.object().add("type", "error").add("code", "rate_limited").add("message", "slow down")
                .toString(), true);
        c.onText(null, "not json", true);
        c.onText(null, "[1,2]", true);
        c.onText(null, "{\"type\":\"mystery\"}", true);
        assertEquals(4, tally.errors());
        assertEquals(1L, tally.problems().get("server error rate_limited"));
        assertEquals(3L, tally.problems().get("unreadable frames"));
    }

    @Test
    void churnersSeeMessagesWithoutCountingThem() {
        ChatConnection c = new ChatConnection("c0-0", Protocol.V2, tally, false);
        c.onText(null, message(1, new Marker(0, 0, Marker.now()).text(64)), true);
        assertEquals(0, tally.delivered());
        assertTrue(c.hasSeen(0));
    }

    @Test
    void sendFramesFollowEachProtocol() {
        assertEquals("hello", Protocol.ORIGINAL.sendFrame("hello", "c1"));
        JsonObject send = Json.parse(Protocol.V2.sendFrame("hello", "c1")).asObject();
        assertEquals("send", send.getString("type", ""));
        assertEquals("hello", send.getString("text", ""));
        assertEquals("c1", send.getString("cid", ""));
        assertNull(Protocol.ORIGINAL.subprotocol());
        assertEquals("scalable-chat.v2", Protocol.V2.subprotocol());
    }

    @Test
    void closesTheToolDidNotAskForAreUnexpected() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        c.onClose(null, 1008, "slow consumer");
        assertEquals(1, tally.unexpectedCloses());
        assertEquals(1L, tally.problems().get("close 1008 slow consumer"));
        assertFalse(c.isOpen());
        ChatConnection d = new ChatConnection("u0-1", Protocol.V2, tally, true);
        d.close();
        d.onClose(null, 1000, "");
        assertEquals(1, tally.unexpectedCloses());
    }

    private static String snapshot(List<String> texts) {
        JsonArray messages = Json.array();
        for (String text : texts) {
            messages.add(Json.object().add("userId", "u0-1").add("msg", text).add("ts", "2026-11-27T12:00:00.000Z"));
        }
        return Json.object().add("messages", messages).add("connectedUsers", Json.array("u0-0", "u0-1")).toString();
    }

    private static String message(long id, String text) {
        return Json.object().add("type", "message").add("id", id).add("userId", "u0-1").add("text", text)
                .add("ts", "2026-11-27T12:00:00.000Z").add("cid", "c" + id).toString();
    }
}
