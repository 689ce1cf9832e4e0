package scalablechat.session;

import org.junit.jupiter.api.Test;
import scalablechat.common.Env;
import scalablechat.common.Tokens;
import scalablechat.common.contract.SharedSettings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A session server started by Hathora Cloud: its public address and room cap come from the variables
 * Hathora sets, and rooms Hathora placed here open on their first valid join.
 */
class HathoraSessionTest {
    private static final String EDGE = "mpl7ff.edge.hathora.dev";
    private static final Map<String, String> HATHORA = Map.of(
            "HATHORA_HOSTNAME", EDGE, "HATHORA_DEFAULT_PORT", "55939", "HATHORA_ROOMS_PER_PROCESS", "1");

    private static SessionConfig config(Map<String, String> vars) {
        Map<String, String> env = new HashMap<>(vars);
        env.put("JWT_SECRET", Harness.SECRET);
        return SessionConfig.from(new Env(env));
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void hathorasVariablesGiveThePublicAddressAndTheRoomCap() {
        SessionConfig config = config(HATHORA);
        assertEquals(EDGE + ":55939", config.publicHost());
        assertEquals(1, config.roomsPerServer());
    }

    @Test
    void explicitSettingsWin() {
        SessionConfig config = config(with(HATHORA, "PUBLIC_HOST", "chat.example.com:8443", "ROOMS_PER_SERVER", "7"));
        assertEquals("chat.example.com:8443", config.publicHost());
        assertEquals(7, config.roomsPerServer());
    }

    @Test
    void withoutHathoraNothingChanges() {
        assertNull(config(Map.of()).publicHost());
        assertEquals(SharedSettings.ROOMS_PER_SERVER.intValue(new scalablechat.common.Env(Map.of())), config(Map.of()).roomsPerServer());
    }

    @Test
    void halfAnAddressOrABadValueIsRefusedByName() {
        assertMessage("HATHORA_DEFAULT_PORT", Map.of("HATHORA_HOSTNAME", EDGE));
        assertMessage("HATHORA_HOSTNAME", Map.of("HATHORA_DEFAULT_PORT", "55939"));
        assertMessage("HATHORA_HOSTNAME", Map.of("HATHORA_HOSTNAME", "edge/evil", "HATHORA_DEFAULT_PORT", "1"));
        assertMessage("HATHORA_DEFAULT_PORT", Map.of("HATHORA_HOSTNAME", EDGE, "HATHORA_DEFAULT_PORT", "70000"));
        assertMessage("HATHORA_ROOMS_PER_PROCESS", Map.of("HATHORA_ROOMS_PER_PROCESS", "0"));
    }

    @Test
    void roomsHathoraPlacedOpenOnFirstJoinUpToTheCap() throws Exception {
        try (Harness harness = Harness.start(HATHORA)) {
            assertEquals(EDGE + ":55939", harness.status().getString("host", null));
            assertEquals(1, harness.status().getInt("maxRooms", -1));

            // Tokens name Hathora's public address, not the address the socket reached.
            try (TestClient first = TestClient.connect(harness.uri(query("alice", "placed-by-hathora", EDGE + ":55939")), Harness.V2)) {
                first.expect("welcome");
                try (TestClient second = TestClient.connect(harness.uri(query("bob", "another-room", EDGE + ":55939")), Harness.V2)) {
                    TestClient.Close close = second.awaitClose();
                    assertEquals(1013, close.code(), "HATHORA_ROOMS_PER_PROCESS caps the rooms");
                }
            }
            try (TestClient local = TestClient.connect(harness.uri(query("carol", "placed-by-hathora", harness.host())), Harness.V2)) {
                assertEquals(4401, local.awaitClose().code(), "a token for another address is refused");
            }
        }
    }

    private static String query(String userId, String roomId, String host) {
        return "token=" + URLEncoder.encode(new Tokens(Harness.SECRET).sessionToken(userId, roomId, host),
                StandardCharsets.UTF_8);
    }

    private static void assertMessage(String variable, Map<String, String> vars) {
        Env.ConfigException e = assertThrows(Env.ConfigException.class, () -> config(vars), vars.toString());
        assertTrue(e.getMessage().contains(variable), e.getMessage());
    }
}
