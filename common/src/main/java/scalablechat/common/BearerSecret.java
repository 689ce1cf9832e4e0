package scalablechat.common;

import scalablechat.common.http.HttpJson;
import com.sun.net.httpserver.HttpExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** A token an operator sets (ADMIN_TOKEN, METRICS_TOKEN) and a request must carry as {@code Authorization: Bearer}. */
public final class BearerSecret {
    private final byte[] token;

    private BearerSecret(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static BearerSecret of(String token) {
        return new BearerSecret(token);
    }

    /** The setting {@code name}, absent when unset; too short or with spaces or control characters is a config error. */
    public static Optional<BearerSecret> from(Env env, String name, int minLength) {
        return optionalString(env, name, minLength).map(BearerSecret::new);
    }

    /** The same check, for callers that keep the token as text. */
    public static Optional<String> optionalString(Env env, String name, int minLength) {
        if (!env.has(name)) {
            return Optional.empty();
        }
        String token = env.string(name, "");
        if (token.length() < minLength || token.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new Env.ConfigException(name + " must be at least " + minLength
                    + " characters, without spaces or control characters");
        }
        return Optional.of(token);
    }

    /** Whether the request carries this token; constant time, so it can't be found a character at a time. */
    public boolean admits(HttpExchange exchange) {
        String given = HttpJson.bearerToken(exchange);
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
