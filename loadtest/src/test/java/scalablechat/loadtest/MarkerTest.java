package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MarkerTest {
    @Test
    void textCarriesTheTagAndHasTheRequestedSize() {
        Marker marker = new Marker(3, 42, 123_456_789L);
        String text = marker.text(64);
        assertEquals(64, text.length());
        assertTrue(text.startsWith("#L3.42.123456789#"));
        assertFalse(text.endsWith(" "), "the server would trim trailing whitespace");
        assertEquals(marker, Marker.find(text));
    }

    @Test
    void aSizeSmallerThanTheTagKeepsTheWholeTag() {
        Marker marker = new Marker(0, 7, 99);
        assertEquals("#L0.7.99#", marker.text(1));
        assertEquals(marker, Marker.find(marker.text(1)));
    }

    @Test
    void textIsPlainAsciiThatJsonNeverEscapes() {
        String text = new Marker(1, 2, 3).text(1000);
        assertEquals(1000, text.length());
        assertTrue(text.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'));
    }

    @Test
    void malformedTagsAreSkipped() {
        assertNull(Marker.find("no tag here"));
        assertNull(Marker.find("#L1.2#"));
        assertNull(Marker.find("#L1.2.3"));
        assertNull(Marker.find("#Lx.2.3#"));
        assertEquals(new Marker(1, 2, 3), Marker.find("#L #L1.x #L1.2.3# tail"));
    }

    @Test
    void scansFindTagsFromEitherEnd() {
        byte[] frame = "{\"messages\":[{\"msg\":\"#L0.1.5#\"},{\"msg\":\"#L0.2.6#\"}]}".getBytes();
        int last = Marker.lastIndexOf(frame, 0, frame.length);
        assertEquals(new Marker(0, 2, 6), Marker.parseAt(frame, last, frame.length));
        int before = Marker.lastIndexOf(frame, 0, last);
        assertEquals(new Marker(0, 1, 5), Marker.parseAt(frame, before, frame.length));
        assertEquals(-1, Marker.lastIndexOf(frame, 0, before));
        assertEquals(before, Marker.indexOf(frame, 0, frame.length));
        assertEquals(-1, Marker.indexOf(frame, 0, before + 1), "a tag must start inside the range");
        assertNull(Marker.parseAt(frame, last, last + 5), "a tag cut by the range's end is no tag");
    }

    @Test
    void nowIsNeverNegative() {
        assertTrue(Marker.now() >= 0);
    }
}
