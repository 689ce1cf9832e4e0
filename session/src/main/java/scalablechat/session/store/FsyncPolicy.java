package scalablechat.session.store;

import java.util.Locale;

/** When an append counts as durable. Set with {@code FSYNC=always|never}. */
public enum FsyncPolicy {
    /** After {@code FileChannel.force}: the message survives a crash of the process and of the machine. */
    ALWAYS,
    /**
     * Right after the write, without any sync: survives a crash of the process but not of the machine
     * (power loss, kernel panic). Unsafe; for benchmarks and tests only.
     */
    NEVER;

    /** Parses a configuration value ({@code always} or {@code never}, any case). */
    public static FsyncPolicy parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException("must be always or never, got \"" + value + "\"");
        };
    }
}
