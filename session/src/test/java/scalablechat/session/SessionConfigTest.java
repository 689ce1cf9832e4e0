package scalablechat.session;

import org.junit.jupiter.api.Test;
import scalablechat.common.Env;
import scalablechat.session.store.FsyncPolicy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionConfigTest {
    private static SessionConfig config(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_SECRET", Harness.SECRET);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return SessionConfig.from(new Env(env));
    }

    @Test
    void defaults() {
        SessionConfig config = config();
        assertEquals(8000, config.port());
        assertEquals(9000, config.internalPort());
        assertNull(config.publicHost());
        assertEquals(100, config.usersPerRoom());
        assertEquals(10, config.roomsPerServer());
        assertEquals(1000, config.maxMessageChars());
        assertEquals(64 * 1024, config.maxFrameBytes());
        assertEquals(1000, config.roomHistorySize());
        assertEquals(10, config.sendRatePerSecond());
        assertEquals(20, config.sendRateBurst());
        assertEquals(1024 * 1024, config.maxUnsentBytes());
        assertEquals(256 * 1024, config.writeGatherBytes());
        assertEquals(1000, config.maxConnectionsPerIp());
        assertEquals(1000, config.maxPendingHandshakes());
        assertEquals(32, config.maxPendingHandshakesPerIp());
        assertFalse(config.trustHostHeader());
        assertEquals("127.0.0.1", config.internalBind().getHostAddress());
        assertTrue(config.metricsToken().isEmpty());
        assertEquals(10, config.drainTimeout().toSeconds());
        assertEquals(Path.of("./data"), config.dataDir());
        assertEquals(FsyncPolicy.ALWAYS, config.fsync());
        assertEquals(300, config.roomIdleTimeout().toSeconds());
    }

    @Test
    void storageSettings() {
        SessionConfig config = config("DATA_DIR", "/var/lib/chat", "FSYNC", "Never", "ROOM_IDLE_SECONDS", "2",
                "ROOM_HISTORY_SIZE", "250");
        assertEquals(Path.of("/var/lib/chat"), config.dataDir());
        assertEquals(FsyncPolicy.NEVER, config.fsync());
        assertEquals(2, config.roomIdleTimeout().toSeconds());
        assertEquals(250, config.roomHistorySize());
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("FSYNC", "sometimes"))
                .getMessage().contains("FSYNC must be always or never"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("ROOM_IDLE_SECONDS", "0"))
                .getMessage().contains("ROOM_IDLE_SECONDS"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("ROOM_HISTORY_SIZE", "1000001"))
                .getMessage().contains("ROOM_HISTORY_SIZE"));
    }

    @Test
    void internalPortFollowsPort() {
        assertEquals(9001, config("PORT", "8001").internalPort());
        assertEquals(0, config("PORT", "0").internalPort(), "any free port stays any free port");
        assertEquals(7000, config("PORT", "8001", "INTERNAL_PORT", "7000").internalPort());
    }

    @Test
    void badValuesNameTheVariable() {
        assertTrue(assertThrows(Env.ConfigException.class, () -> SessionConfig.from(new Env(Map.of())))
                .getMessage().contains("JWT_SECRET"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("PORT", "eighty"))
                .getMessage().contains("PORT"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("PORT", "65000"))
                .getMessage().contains("INTERNAL_PORT"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("PORT", "8000", "INTERNAL_PORT", "8000"))
                .getMessage().contains("differ"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("USERS_PER_ROOM", "0"))
                .getMessage().contains("USERS_PER_ROOM"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("ROOM_HISTORY_SIZE", "99"))
                .getMessage().contains("ROOM_HISTORY_SIZE"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("INTERNAL_BIND", "internal.example.com"))
                .getMessage().contains("INTERNAL_BIND"));
        assertTrue(assertThrows(Env.ConfigException.class, () -> config("METRICS_TOKEN", "short"))
                .getMessage().contains("METRICS_TOKEN"));
        assertEquals("0.0.0.0", config("INTERNAL_BIND", "0.0.0.0").internalBind().getHostAddress());
        assertTrue(config("INTERNAL_BIND", "::").internalBind() instanceof java.net.Inet6Address);
    }

    @Test
    void publicHostIsTrimmed() {
        assertEquals("chat.example:443", config("PUBLIC_HOST", " chat.example:443 ").publicHost());
    }
}
