package scalablechat.backend.scheduler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scalablechat.common.Env.ConfigException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SessionServerAddressTest {
    private static SessionServerAddress parse(String entry) {
        return SessionServerAddress.parse("SESSION_SERVER_HOST", entry);
    }

    @Test
    void plainHostPortUsesTheDefaultInternalPort() {
        SessionServerAddress server = parse("localhost:8000");
        assertEquals("localhost:8000", server.publicHost());
        assertFalse(server.tls());
        assertEquals("http://localhost:9000/internal/status", server.internalUri("/internal/status").toString());
        assertEquals(new scalablechat.backend.scheduler.RoomLocation("localhost:8000", false), server.location());
    }

    @Test
    void internalPortOrAddressCanBeNamed() {
        assertEquals("http://127.0.0.1:41234/x", parse("127.0.0.1:40000@41234").internalUri("/x").toString());
        SessionServerAddress proxied = parse("wss://Chat.Example.com@10.0.0.5:9000");
        assertEquals("chat.example.com", proxied.publicHost());
        assertTrue(proxied.tls());
        assertEquals("wss", proxied.location().scheme());
        assertEquals("http://10.0.0.5:9000/x", proxied.internalUri("/x").toString());
        assertEquals("http://[::1]:9000/x", parse("[::1]:8000").internalUri("/x").toString());
        assertFalse(parse("ws://h:1").tls());
    }

    @Test
    void listsAreCommaSeparatedAndForgiveSpaces() {
        List<SessionServerAddress> servers = SessionServerAddress.parseList("V", " localhost:8000 , localhost:8001,");
        assertEquals(List.of("localhost:8000", "localhost:8001"), servers.stream().map(SessionServerAddress::publicHost).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:", "localhost:0", "localhost:65536", "localhost:80x", "http://h:1",
            "h:65000", "h:1@", "h:1@x", "h:1@h:", "bad host:1", ":8000", "h/x:1"})
    void badEntriesAreConfigErrorsNamingTheVariable(String entry) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(entry));
        assertTrue(e.getMessage().startsWith("SESSION_SERVER_HOST"), e.getMessage());
    }

    @Test
    void emptyOrDuplicateListsAreConfigErrors() {
        assertThrows(ConfigException.class, () -> SessionServerAddress.parseList("V", " , "));
        assertThrows(ConfigException.class, () -> SessionServerAddress.parseList("V", "h:1,H:1"));
    }
}
