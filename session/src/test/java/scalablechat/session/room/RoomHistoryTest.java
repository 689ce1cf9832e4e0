package scalablechat.session.room;

import org.junit.jupiter.api.Test;
import scalablechat.session.protocol.ChatMessage;
import scalablechat.session.room.RoomHistory;
import scalablechat.session.store.StoredMessage;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomHistoryTest {
    private static final Instant T = Instant.parse("2026-11-27T12:00:00Z");

    private static RoomHistory filled(int retained, int messages) {
        RoomHistory history = new RoomHistory(retained, List.of());
        for (int i = 1; i <= messages; i++) {
            history.add(new ChatMessage(i, "alice", "m" + i, T, "c" + i));
        }
        return history;
    }

    private static List<Long> ids(List<ChatMessage> messages) {
        return messages.stream().map(ChatMessage::id).toList();
    }

    @Test
    void idsMustBeContiguous() {
        RoomHistory history = new RoomHistory(3, List.of());
        assertEquals(0, history.lastId());
        history.add(new ChatMessage(1, "a", "x", T, null));
        assertThrows(IllegalStateException.class, () -> history.add(new ChatMessage(3, "a", "x", T, null)));
        assertThrows(IllegalStateException.class, () -> history.add(new ChatMessage(1, "a", "x", T, null)));
        history.add(new ChatMessage(2, "a", "y", T, null));
        assertEquals(2, history.lastId());
    }

    @Test
    void startsFromWhatTheLogAlreadyHolds() {
        List<ChatMessage> stored = List.of(new ChatMessage(41, "a", "x", T, "c41"), new ChatMessage(42, "b", "y", T, null));
        RoomHistory history = new RoomHistory(100, stored);
        assertEquals(42, history.lastId());
        assertEquals(List.of(41L, 42L), ids(history.newest(100)));
        assertEquals(41, history.findByCid("a", "c41").id());
        assertFalse(history.since(10, 100).recovered(), "1 to 40 are not held");
        history.add(new ChatMessage(43, "a", "z", T, null));
        assertEquals(List.of(42L, 43L), ids(history.newest(2)));
    }

    @Test
    void aStoredMessageKeepsItsFieldsAndMilliseconds() {
        ChatMessage message = ChatMessage.of(new StoredMessage(9, "bob", "hi", T.toEpochMilli() + 42, "c9"));
        assertEquals(9, message.id());
        assertEquals("bob", message.userId());
        assertEquals("hi", message.text());
        assertEquals("c9", message.cid());
        assertEquals("2026-11-27T12:00:00.042Z", message.timestamp());
        assertNull(ChatMessage.of(new StoredMessage(10, "bob", "no cid", 0, null)).cid());
    }

    @Test
    void keepsTheNewestRetained() {
        RoomHistory history = filled(5, 12);
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), ids(history.newest(100)));
        assertEquals(List.of(11L, 12L), ids(history.newest(2)));
        assertEquals(List.of(), ids(new RoomHistory(5, List.of()).newest(100)));
    }

    @Test
    void resumeIsRecoveredOnlyWhenNothingIsMissing() {
        RoomHistory history = filled(5, 12);
        RoomHistory.Resume recent = history.since(9, 3);
        assertTrue(recent.recovered());
        assertEquals(List.of(10L, 11L, 12L), ids(recent.messages()));
        assertTrue(history.since(7, 3).recovered(), "8 is the oldest held, so after 7 nothing is missing");
        assertEquals(List.of(8L, 9L, 10L, 11L, 12L), ids(history.since(7, 3).messages()));
        RoomHistory.Resume gap = history.since(6, 3);
        assertFalse(gap.recovered(), "7 is gone");
        assertEquals(List.of(10L, 11L, 12L), ids(gap.messages()));
        assertTrue(history.since(12, 3).recovered());
        assertEquals(List.of(), history.since(12, 3).messages());
        assertFalse(history.since(13, 3).recovered(), "never given out");
        assertTrue(filled(5, 3).since(0, 3).recovered(), "everything from the start is still held");
    }

    @Test
    void cidsAreFoundWhileTheirMessageIsHeld() {
        RoomHistory history = filled(5, 12);
        ChatMessage held = history.findByCid("alice", "c12");
        assertEquals(12, held.id());
        assertSame(held, history.newest(1).get(0));
        assertNull(history.findByCid("bob", "c12"), "per user");
        assertNull(history.findByCid("alice", "c7"), "forgotten with its message");
        assertEquals(8, history.findByCid("alice", "c8").id());
    }

    @Test
    void messagesAreSerializedOnceForEachProtocol() {
        ChatMessage message = new ChatMessage(1, "alice", "say \"hi\"", T, "c1");
        assertEquals("{\"type\":\"message\",\"id\":1,\"userId\":\"alice\",\"text\":\"say \\\"hi\\\"\","
                + "\"ts\":\"2026-11-27T12:00:00.000Z\",\"cid\":\"c1\"}", message.v2Json());
        assertEquals("{\"userId\":\"alice\",\"msg\":\"say \\\"hi\\\"\",\"ts\":\"2026-11-27T12:00:00.000Z\"}",
                message.originalJson());
    }

    @Test
    void aResumeAcrossIdsLostToDamageIsNotRecovered() {
        // The log skipped damaged records 3 and 4, and its cut tail may have used 8 and 9.
        List<ChatMessage> stored = List.of(new ChatMessage(1, "a", "m1", T, null), new ChatMessage(2, "a", "m2", T, null),
                new ChatMessage(5, "a", "m5", T, null), new ChatMessage(6, "a", "m6", T, null),
                new ChatMessage(7, "a", "m7", T, null));
        RoomHistory history = new RoomHistory(100, stored, 9);
        assertEquals(9, history.lastId());
        assertEquals(List.of(1L, 2L, 5L, 6L, 7L), ids(history.newest(100)));
        assertFalse(history.since(2, 100).recovered(), "3 and 4 are lost");
        assertFalse(history.since(3, 100).recovered(), "since inside the damaged range");
        assertFalse(history.since(7, 100).recovered(), "8 and 9 may have been shown");
        assertTrue(history.since(9, 100).recovered());
        history.add(new ChatMessage(10, "a", "m10", T, null));
        RoomHistory.Resume resume = history.since(9, 100);
        assertTrue(resume.recovered());
        assertEquals(List.of(10L), ids(resume.messages()));

        RoomHistory middle = new RoomHistory(100, stored);
        assertEquals(7, middle.lastId());
        assertTrue(middle.since(5, 100).recovered(), "after the damage nothing is missing");
        assertEquals(List.of(6L, 7L), ids(middle.since(5, 100).messages()));
        assertFalse(middle.since(1, 100).recovered());
    }
}
