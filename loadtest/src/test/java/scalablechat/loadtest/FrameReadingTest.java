package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
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
        text(c, snapshot(texts)); // the join snapshot: no messages yet
        assertTrue(c.isReady());
        for (int seq = 0; seq < 3; seq++) {
            texts.add(new Marker(0, seq, Marker.now()).text(64));
            text(c, snapshot(texts));
        }
        assertEquals(3, tally.delivered());
        text(c, snapshot(texts)); // a leave snapshot repeats the same messages
        assertEquals(3, tally.delivered());
        assertEquals(0, tally.errors());
    }

    @Test
    void originalSnapshotWithSeveralNewMessagesCountsEach() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.ORIGINAL, tally, true);
        List<String> texts = new ArrayList<>();
        texts.add(new Marker(0, 0, Marker.now()).text(20));
        text(c, snapshot(texts));
        // Messages from different senders may reach the room in any order; each is new once.
        texts.add(new Marker(0, 2, Marker.now()).text(20));
        texts.add("a message from a browser, without a tag");
        texts.add(new Marker(0, 1, Marker.now()).text(20));
        text(c, snapshot(texts));
        assertEquals(3, tally.delivered());
        assertEquals(3, tally.phase(0).count());
    }

    @Test
    void aFullSnapshotCountsAHundredMessagesAndItsBytes() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.ORIGINAL, tally, true);
        List<String> texts = new ArrayList<>();
        for (int seq = 0; seq < 100; seq++) {
            texts.add(new Marker(0, seq, Marker.now()).text(64));
        }
        String frame = snapshot(texts);
        text(c, frame);
        assertEquals(100, tally.delivered());
        assertEquals(frame.length(), c.bytesReceived());
    }

    @Test
    void onlyTheGivenRangeOfTheBufferIsRead() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        byte[] event = message(1, new Marker(0, 7, Marker.now()).text(64)).getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[event.length + 40];
        java.util.Arrays.fill(buffer, (byte) '#');
        System.arraycopy(event, 0, buffer, 20, event.length);
        c.onText(buffer, 20, event.length);
        assertEquals(1, tally.delivered());
        assertEquals(0, tally.errors());
    }

    @Test
    void v2MessagesCountOnceAndDuplicatesAreErrors() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        text(c, Json.object().add("type", "welcome").add("roomId", "r").add("userId", "u0-0")
                .add("users", Json.array("u0-0")).add("messages", Json.array()).add("recovered", false).toString());
        assertTrue(c.isReady());
        String message = message(1, new Marker(0, 0, Marker.now()).text(64));
        text(c, message);
        text(c, Json.object().add("type", "join").add("userId", "bob").toString());
        assertEquals(1, tally.delivered());
        assertEquals(0, tally.errors());
        text(c, message);
        assertEquals(1, tally.delivered());
        assertEquals(1, tally.duplicates());
        assertEquals(1, tally.errors());
    }

    @Test
    void v2ErrorFramesAndUnreadableFramesAreCountedByKind() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        text(c, Json.object().add("type", "error").add("code", "rate_limited").add("message", "slow down")
                .toString());
        text(c, "not json");
        text(c, "[1,2]");
        text(c, "{\"type\":\"mystery\"}");
        assertEquals(4, tally.errors());
        assertEquals(1L, tally.problems().get("server error rate_limited"));
        assertEquals(3L, tally.problems().get("unreadable frames"));
    }

    @Test
    void welcomeHistoryIsNotCountedAndNestedTypesDoNotConfuse() {
        ChatConnection c = new ChatConnection("u0-0", Protocol.V2, tally, true);
        // Members in a different order than our server writes them, with a message event nested in the history.
        text(c, "{\"messages\":[" + message(1, new Marker(0, 0, 1).text(20)) + "],\"roomId\":\"r\","
                + "\"type\" : \"welcome\",\"users\":[\"type\"],\"recovered\":false}");
        assertTrue(c.isReady());
        assertEquals(0, tally.delivered());
        assertEquals(0, tally.errors());
    }

    @Test
    void churnersSeeMessagesWithoutCountingThem() {
        ChatConnection c = new ChatConnection("c0-0", Protocol.V2, tally, false);
        text(c, message(1, new Marker(0, 0, Marker.now()).text(64)));
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
        c.onClose(1008, "slow consumer", false);
        assertEquals(1, tally.unexpectedCloses());
        assertEquals(1L, tally.problems().get("close 1008 slow consumer"));
        assertFalse(c.isOpen());
        ChatConnection d = new ChatConnection("u0-1", Protocol.V2, tally, true);
        d.close();
        d.onClose(1000, "", true);
        assertEquals(1, tally.unexpectedCloses());
    }

    private static void text(ChatConnection c, String frame) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        c.onText(bytes, 0, bytes.length);
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
