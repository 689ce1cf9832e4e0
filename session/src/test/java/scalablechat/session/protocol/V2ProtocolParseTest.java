package scalablechat.session.protocol;

import org.junit.jupiter.api.Test;
import scalablechat.session.protocol.MessageText;
import scalablechat.session.protocol.V2Protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decoding client frames and checking text, without a server. */
class V2ProtocolParseTest {
    private static String invalid(String frame) {
        return assertInstanceOf(V2Protocol.Invalid.class, V2Protocol.parse(frame)).code();
    }

    @Test
    void sendWithAndWithoutCid() {
        assertEquals(new V2Protocol.Send("hi", "c-1"), V2Protocol.parse("{\"type\":\"send\",\"text\":\"hi\",\"cid\":\"c-1\"}"));
        assertEquals(new V2Protocol.Send("hi", null), V2Protocol.parse("{\"type\":\"send\",\"text\":\"hi\"}"));
        assertEquals(new V2Protocol.Send("hi", null), V2Protocol.parse("{\"type\":\"send\",\"text\":\"hi\",\"cid\":null}"));
        assertEquals(new V2Protocol.Send("hi", "c".repeat(64)),
                V2Protocol.parse("{\"type\":\"send\",\"text\":\"hi\",\"cid\":\"" + "c".repeat(64) + "\"}"));
    }

    @Test
    void everythingElseIsABadFrame() {
        for (String frame : new String[] {"", "nope", "{", "null", "\"send\"", "[]", "{}", "{\"type\":1}",
                "{\"type\":\"SEND\",\"text\":\"x\"}", "{\"type\":\"send\",\"text\":null}",
                "{\"type\":\"send\",\"text\":\"x\",\"cid\":\"\"}", "{\"type\":\"send\",\"text\":\"x\",\"cid\":[]}",
                "[".repeat(5000)}) {
            assertEquals("bad_frame", invalid(frame), frame);
        }
    }

    @Test
    void textRule() {
        assertEquals("hi", MessageText.check("hi \t\n", 1000).text());
        assertEquals("  indented", MessageText.check("  indented", 1000).text(), "leading space is kept");
        assertEquals("empty", MessageText.check(" \n ", 1000).errorCode());
        assertEquals("too_long", MessageText.check("x".repeat(1001), 1000).errorCode());
        assertTrue(MessageText.check("x".repeat(1000) + "   ", 1000).ok());
        assertTrue(MessageText.check("\uD83D\uDE00".repeat(1000), 1000).ok(), "characters, not UTF-16 units");
        assertEquals("too_long", MessageText.check("\uD83D\uDE00".repeat(1001), 1000).errorCode());
        assertEquals("bad_frame", MessageText.check("lone \uD83D", 1000).errorCode(), "a lone surrogate cannot be stored");
        assertEquals("bad_frame", MessageText.check("\uDE00 first", 1000).errorCode());
    }
}
