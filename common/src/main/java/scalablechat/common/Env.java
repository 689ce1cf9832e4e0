package scalablechat.common;

import java.util.Map;

/**
 * Typed access to configuration from environment variables. Every setting the servers read
 * goes through here, so a bad value stops the server at start with a message naming the variable,
 * and tests can pass a plain map instead of the process environment.
 */
public final class Env {
    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    /** Every variable, for handing the same configuration on to a child process. */
    public Map<String, String> vars() {
        return vars;
    }

    public boolean has(String name) {
        String value = vars.get(name);
        return value != null && !value.isBlank();
    }

    public String string(String name, String fallback) {
        return has(name) ? vars.get(name).trim() : fallback;
    }

    public String required(String name) {
        if (!has(name)) {
            throw new ConfigException(name + " must be set");
        }
        return vars.get(name).trim();
    }

    /**
     * A shared secret: required, and at least {@code minBytes} bytes of UTF-8, because a short HMAC key
     * can be guessed from one token, and with it any token can be minted.
     */
    public String secret(String name, int minBytes) {
        String value = required(name);
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes < minBytes) {
            throw new ConfigException(name + " must be at least " + minBytes + " bytes (got " + bytes
                    + "); make one with: openssl rand -hex 32");
        }
        return value;
    }

    public int integer(String name, int fallback, int min, int max) {
        return (int) longInteger(name, fallback, min, max);
    }

    public long longInteger(String name, long fallback, long min, long max) {
        if (!has(name)) {
            return fallback;
        }
        String raw = vars.get(name).trim();
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got \"" + raw + "\"");
        }
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        return switch (vars.get(name).trim().toLowerCase()) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got \"" + vars.get(name) + "\"");
        };
    }

    /** A configuration error: the server prints the message and exits with status 2. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
