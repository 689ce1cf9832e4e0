package scalablechat.common.config;

import org.junit.jupiter.api.Test;
import scalablechat.common.Env;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingTest {
    private static final Setting LIMIT = Setting.integer("LIMIT", 10, 1, 100, "how many");
    private static final Setting GRACE = Setting.seconds("GRACE", 5, 0, 60, "how long");
    private static final Setting NAME = Setting.text("NAME", "chat", "a name", "what it is called");
    private static final Setting HOST = Setting.text("HOST", null, "a host", "where it is");
    private static final Setting ON = Setting.flag("ON", false, "whether it is on");

    @Test
    void aSettingReadsItsDefaultWhenUnsetAndItsValueWhenSet() {
        Env empty = new Env(Map.of());
        assertEquals(10, LIMIT.intValue(empty));
        assertEquals(Duration.ofSeconds(5), GRACE.seconds(empty));
        assertEquals("chat", NAME.text(empty));
        assertNull(HOST.text(empty));
        assertEquals(false, ON.flag(empty));

        Env set = new Env(Map.of("LIMIT", "42", "GRACE", "0", "NAME", " room ", "HOST", "h:1", "ON", "yes"));
        assertEquals(42, LIMIT.intValue(set));
        assertEquals(Duration.ZERO, GRACE.seconds(set));
        assertEquals("room", NAME.text(set));
        assertEquals("h:1", HOST.text(set));
        assertTrue(ON.flag(set));
    }

    @Test
    void aValueOutsideTheBoundsStopsTheServerNamingTheVariable() {
        Env.ConfigException e = assertThrows(Env.ConfigException.class, () -> LIMIT.intValue(new Env(Map.of("LIMIT", "101"))));
        assertEquals("LIMIT must be between 1 and 100, got 101", e.getMessage());
        assertThrows(Env.ConfigException.class, () -> LIMIT.intValue(new Env(Map.of("LIMIT", "ten"))));
    }

    @Test
    void aSettingIsReadOnlyAsItsOwnKind() {
        assertThrows(IllegalStateException.class, () -> NAME.intValue(new Env(Map.of())));
        assertThrows(IllegalStateException.class, () -> LIMIT.flag(new Env(Map.of())));
    }

    @Test
    void aTableIsOneMarkdownRowPerSettingWithPipesEscaped() {
        Setting piped = Setting.describedText("PIPED", "`a|b`", "one of a|b", "either a|b");
        String markdown = new SettingsTable("t", List.of(LIMIT, HOST, piped)).markdown();
        assertEquals("""
                | variable | default | allowed | meaning |
                |---|---|---|---|
                | `LIMIT` | `10` | 1–100 | how many |
                | `HOST` | (unset) | a host | where it is |
                | `PIPED` | `a\\|b` | one of a\\|b | either a\\|b |
                """, markdown);
    }
}
