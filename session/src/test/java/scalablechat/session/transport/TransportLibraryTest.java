package scalablechat.session.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportLibraryTest {
    @Test
    void theBuildUsesTheReleaseTheTransportCodeReliesOn() {
        assertEquals(TransportLibrary.EXPECTED_VERSION, TransportLibrary.version());
        assertDoesNotThrow(() -> TransportLibrary.check());
    }

    @Test
    void anotherReleaseIsRefusedWithItsName() {
        IOException e = assertThrows(IOException.class, () -> TransportLibrary.check("1.6.1"));
        assertTrue(e.getMessage().contains("1.6.1") && e.getMessage().contains("transport/README.md"), e.getMessage());
        assertTrue(assertThrows(IOException.class, () -> TransportLibrary.check(null)).getMessage().contains("unknown"));
    }
}
