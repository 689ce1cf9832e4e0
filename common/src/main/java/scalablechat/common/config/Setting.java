package scalablechat.common.config;

import scalablechat.common.Env;

import java.time.Duration;

/**
 * One environment variable a server reads: its name, default, allowed values and meaning, defined once. The
 * server reads it through here, and docs/CONFIG.md's tables are generated from the same objects
 * ({@link SettingsTable}), so what a server does and what the page says cannot drift apart.
 */
public final class Setting {
    enum Kind { INTEGER, FLAG, TEXT, SECRET }

    private final Kind kind;
    private final String name;
    private final String defaultText;
    private final String allowed;
    private final String meaning;
    private final String textFallback;
    private final long fallback;
    private final long min;
    private final long max;

    private Setting(Kind kind, String name, String defaultText, String allowed, String meaning,
                    long fallback, long min, long max) {
        this(kind, name, defaultText, allowed, meaning, null, fallback, min, max);
    }

    private Setting(Kind kind, String name, String defaultText, String allowed, String meaning, String textFallback,
                    long fallback, long min, long max) {
        this.textFallback = textFallback;
        this.kind = kind;
        this.name = name;
        this.defaultText = defaultText;
        this.allowed = allowed;
        this.meaning = meaning;
        this.fallback = fallback;
        this.min = min;
        this.max = max;
    }

    /** A whole number from {@code min} to {@code max}, {@code fallback} when unset. */
    public static Setting integer(String name, long fallback, long min, long max, String meaning) {
        return new Setting(Kind.INTEGER, name, "`" + fallback + "`", range(min, max), meaning, fallback, min, max);
    }

    /** A whole number whose default is worked out from other settings ({@code defaultText} says how). */
    public static Setting integer(String name, String defaultText, long min, long max, String meaning) {
        return new Setting(Kind.INTEGER, name, defaultText, range(min, max), meaning, 0, min, max);
    }

    /** A whole number of seconds, read as a {@link Duration}. */
    public static Setting seconds(String name, long fallback, long min, long max, String meaning) {
        return integer(name, fallback, min, max, meaning);
    }

    /** true or false (also 1/0, yes/no, on/off). */
    public static Setting flag(String name, boolean fallback, String meaning) {
        return new Setting(Kind.FLAG, name, "`" + fallback + "`", "`true`, `false`", meaning, fallback ? 1 : 0, 0, 1);
    }

    /**
     * Text, {@code fallback} when unset (null: no value). What it may be and how it is checked is the reader's;
     * {@code allowed} says it.
     */
    public static Setting text(String name, String fallback, String allowed, String meaning) {
        return new Setting(Kind.TEXT, name, fallback == null ? "(unset)" : "`" + fallback + "`", allowed, meaning,
                fallback, 0, 0, 0);
    }

    /** Text whose default is worked out when it is read ({@code defaultText} says how). */
    public static Setting describedText(String name, String defaultText, String allowed, String meaning) {
        return new Setting(Kind.TEXT, name, defaultText, allowed, meaning, null, 0, 0, 0);
    }

    /** A required shared secret of at least {@code minBytes} bytes. */
    public static Setting secret(String name, int minBytes, String meaning) {
        return new Setting(Kind.SECRET, name, "(required)", minBytes + " bytes or more", meaning, 0, minBytes, 0);
    }

    public String name() {
        return name;
    }

    public String defaultText() {
        return defaultText;
    }

    public String allowed() {
        return allowed;
    }

    public String meaning() {
        return meaning;
    }

    /** The least a whole number may be (a secret's least bytes). */
    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public boolean isSet(Env env) {
        return env.has(name);
    }

    /** The value, or the default; a value outside the bounds stops the server ({@link Env.ConfigException}). */
    public int intValue(Env env) {
        return intValue(env, fallback);
    }

    /** As {@link #intValue(Env)}, with a default worked out by the caller. */
    public int intValue(Env env, long computedFallback) {
        check(Kind.INTEGER);
        return Math.toIntExact(env.longInteger(name, computedFallback, min, max));
    }

    public long longValue(Env env) {
        check(Kind.INTEGER);
        return env.longInteger(name, fallback, min, max);
    }

    public Duration seconds(Env env) {
        return Duration.ofSeconds(longValue(env));
    }

    public boolean flag(Env env) {
        check(Kind.FLAG);
        return env.bool(name, fallback == 1);
    }

    /** The trimmed text, or the default when unset (null for none). */
    public String text(Env env) {
        return text(env, textFallback);
    }

    /** The trimmed text, or {@code fallback} when unset. */
    public String text(Env env, String fallback) {
        check(Kind.TEXT);
        return env.string(name, fallback);
    }

    public String secret(Env env) {
        check(Kind.SECRET);
        return env.secret(name, (int) min);
    }

    private void check(Kind wanted) {
        if (kind != wanted) {
            throw new IllegalStateException(name + " is a " + kind + " setting, not a " + wanted + " one");
        }
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return min + " or more";
        }
        return min + "–" + max;
    }
}
