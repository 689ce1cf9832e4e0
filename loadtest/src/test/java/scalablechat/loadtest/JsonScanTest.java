package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class JsonScanTest {
    private static String get(String json, String name) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonScan.string(bytes, 0, bytes.length, name);
    }

    @Test
    void readsTopLevelStringMembers() {
        String event = "{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\"}";
        assertEquals("error", get(event, "type"));
        assertEquals("rate_limited", get(event, "code"));
        assertEquals("slow down", get(event, "message"));
        assertNull(get(event, "missing"));
        assertEquals("x", get(" { \"type\"\n:\t\"x\" } ", "type"));
    }

    @Test
    void ignoresNestedMembersNamesThatAreValuesAndEscapedQuotes() {
        assertEquals("welcome", get("{\"m\":[{\"type\":\"message\"}],\"type\":\"welcome\"}", "type"));
        assertEquals("join", get("{\"userId\":\"type\",\"type\":\"join\"}", "type"));
        assertEquals("join", get("{\"text\":\"\\\"type\\\":\\\"message\\\"\",\"type\":\"join\"}", "type"));
        assertNull(get("{\"m\":{\"type\":\"message\"}}", "type"));
    }

    @Test
    void refusesWhatItDoesNotDecode() {
        assertNull(get("{\"type\":42}", "type"));
        assertNull(get("{\"type\":\"a\\nb\"}", "type"));
        assertNull(get("{\"type\":\"unterminated", "type"));
        assertNull(get("not json at all", "type"));
    }
}
