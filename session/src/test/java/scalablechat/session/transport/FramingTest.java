package scalablechat.session.transport;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Close reasons, without a server. */
class FramingTest {
    @Test
    void closeReasonsFitAControlFrame() {
        assertEquals("short", Closer.fit("short"));
        String fitted = Closer.fit("é".repeat(100));
        assertTrue(fitted.getBytes(StandardCharsets.UTF_8).length <= 123);
        assertEquals(61, fitted.length(), "cut on a character boundary");
    }
}
