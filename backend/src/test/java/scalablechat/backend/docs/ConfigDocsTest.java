package scalablechat.backend.docs;

import org.junit.jupiter.api.Test;
import scalablechat.backend.BackendSettings;
import scalablechat.backend.scheduler.agones.AgonesConfig;
import scalablechat.backend.scheduler.fixed.StaticSchedulerConfig;
import scalablechat.backend.scheduler.hathora.HathoraConfig;
import scalablechat.backend.scheduler.local.LocalSchedulerConfig;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;
import scalablechat.common.contract.SharedSettings;
import scalablechat.session.SessionSettings;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/CONFIG.md's tables are generated from the settings the servers read: this test fails when they differ.
 * {@code make docs} runs it with {@code -Ddocs.write=true}, which rewrites the tables instead.
 */
class ConfigDocsTest {
    private static final Path CONFIG = Path.of("../docs/CONFIG.md");
    /** A table, and the class whose Setting constants it lists. */
    private record Table(SettingsTable settings, Class<?> owner) {}

    private static final List<Table> TABLES = List.of(
            new Table(SharedSettings.TABLE, SharedSettings.class),
            new Table(BackendSettings.TABLE, BackendSettings.class),
            new Table(StaticSchedulerConfig.TABLE, StaticSchedulerConfig.class),
            new Table(LocalSchedulerConfig.TABLE, LocalSchedulerConfig.class),
            new Table(AgonesConfig.TABLE, AgonesConfig.class),
            new Table(HathoraConfig.TABLE, HathoraConfig.class),
            new Table(SessionSettings.TABLE, SessionSettings.class),
            new Table(SessionSettings.HATHORA_TABLE, SessionSettings.class));

    @Test
    void theConfigPageShowsTheSettingsTheServersRead() throws IOException {
        String page = Files.readString(CONFIG);
        String generated = page;
        for (Table entry : TABLES) {
            SettingsTable table = entry.settings();
            Pattern block = Pattern.compile("(<!-- settings:" + Pattern.quote(table.id()) + " -->\n)(.*?)(<!-- /settings:"
                    + Pattern.quote(table.id()) + " -->)", Pattern.DOTALL);
            Matcher matcher = block.matcher(generated);
            assertTrue(matcher.find(), "docs/CONFIG.md has no block <!-- settings:" + table.id() + " -->");
            generated = matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + table.markdown() + matcher.group(3)));
        }
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(CONFIG, generated);
            return;
        }
        assertEquals(generated, page, "docs/CONFIG.md differs from the settings in the code: run make docs");
    }

    @Test
    void noVariableIsDefinedTwice() {
        Set<String> names = new HashSet<>();
        List<String> twice = new ArrayList<>();
        for (Table entry : TABLES) {
            for (Setting setting : entry.settings().settings()) {
                if (!names.add(setting.name())) {
                    twice.add(setting.name());
                }
            }
        }
        // PORT is each process's own port: the backend's and a session server's are different settings.
        assertEquals(List.of("PORT"), twice);
    }

    @Test
    void everySettingAClassDefinesIsInItsTable() throws IllegalAccessException {
        List<String> missing = new ArrayList<>();
        for (Table entry : TABLES) {
            for (Field field : entry.owner().getDeclaredFields()) {
                if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
                    field.setAccessible(true);
                    Setting setting = (Setting) field.get(null);
                    if (!inAnyTable(setting)) {
                        missing.add(entry.owner().getSimpleName() + "." + field.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static boolean inAnyTable(Setting setting) {
        return TABLES.stream().anyMatch(entry -> entry.settings().settings().contains(setting));
    }
}
