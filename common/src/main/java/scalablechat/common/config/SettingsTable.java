package scalablechat.common.config;

import java.util.List;

/**
 * The settings one process or scheduler reads, in the order docs/CONFIG.md lists them. {@link #markdown()} is that
 * page's table, between the markers {@code <!-- settings:ID -->} and {@code <!-- /settings:ID -->}.
 */
public record SettingsTable(String id, List<Setting> settings) {
    public SettingsTable {
        settings = List.copyOf(settings);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("| variable | default | allowed | meaning |\n|---|---|---|---|\n");
        for (Setting setting : settings) {
            out.append("| `").append(setting.name()).append("` | ")
                    .append(cell(setting.defaultText())).append(" | ")
                    .append(cell(setting.allowed())).append(" | ")
                    .append(cell(setting.meaning())).append(" |\n");
        }
        return out.toString();
    }

    /** A table cell: a pipe would end it, and a line break would end the row. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
