package scalablechat.common;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.time.Clock;
import java.time.Duration;

/**
 * The three kinds of token in the system, all HS256 JWTs signed with the shared JWT_SECRET:
 * <ul>
 *   <li>user tokens ({@code userId}), issued by the backend at login, 24 hours;</li>
 *   <li>session tokens ({@code userId, roomId, host}), issued by the backend at room lookup and
 *       shown to exactly one session server, 10 minutes;</li>
 *   <li>internal tokens ({@code scope: "internal"}), with which a backend calls a session server's
 *       internal port, 5 minutes.</li>
 * </ul>
 */
public final class Tokens {
    /** The shortest JWT_SECRET a server starts with: 256 bits, the size of the HS256 key. */
    public static final int MIN_SECRET_BYTES = 32;
    public static final Duration USER_TOKEN_LIFETIME = Duration.ofHours(24);
    public static final Duration SESSION_TOKEN_LIFETIME = Duration.ofMinutes(10);
    public static final Duration INTERNAL_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** Allowed difference between the clocks of the machine that signs and the one that verifies. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    public record UserClaims(String userId) {}

    /** {@code issuedAt}: when the backend signed it, in epoch seconds. */
    public record SessionClaims(String userId, String roomId, String host, long issuedAt) {}

    private final Jwt jwt;
    private final Clock clock;

    public Tokens(String secret) {
        this(secret, Clock.systemUTC());
    }

    public Tokens(String secret, Clock clock) {
        this.jwt = new Jwt(secret);
        this.clock = clock;
    }

    public String userToken(String userId) {
        return jwt.sign(stamped(USER_TOKEN_LIFETIME).add("userId", userId));
    }

    public String sessionToken(String userId, String roomId, String host) {
        return jwt.sign(stamped(SESSION_TOKEN_LIFETIME)
                .add("userId", userId).add("roomId", roomId).add("host", host));
    }

    public String internalToken() {
        return jwt.sign(stamped(INTERNAL_TOKEN_LIFETIME).add("scope", "internal"));
    }

    public UserClaims verifyUser(String token) throws InvalidTokenException {
        JsonObject claims = verify(token);
        // A session token also carries userId; it must not pass for a 24-hour login.
        if (claims.get("roomId") != null || claims.get("scope") != null) {
            throw new InvalidTokenException("not a user token");
        }
        return new UserClaims(userId(claims));
    }

    public SessionClaims verifySession(String token) throws InvalidTokenException {
        JsonObject claims = verify(token);
        return new SessionClaims(userId(claims), requiredString(claims, "roomId"), requiredString(claims, "host"),
                requiredNumber(claims, "iat"));
    }

    public void verifyInternal(String token) throws InvalidTokenException {
        JsonObject claims = verify(token);
        if (!"internal".equals(requiredString(claims, "scope"))) {
            throw new InvalidTokenException("not an internal token");
        }
    }

    private JsonObject stamped(Duration lifetime) {
        long now = clock.instant().getEpochSecond();
        return Json.object().add("iat", now).add("exp", now + lifetime.toSeconds());
    }

    private JsonObject verify(String token) throws InvalidTokenException {
        JsonObject claims = jwt.verifySignature(token);
        long now = clock.instant().getEpochSecond();
        long exp = requiredNumber(claims, "exp");
        long iat = requiredNumber(claims, "iat");
        if (now >= exp + CLOCK_SKEW.toSeconds()) {
            throw new InvalidTokenException("token expired");
        }
        if (iat > now + CLOCK_SKEW.toSeconds()) {
            throw new InvalidTokenException("token issued in the future");
        }
        return claims;
    }

    private static String userId(JsonObject claims) throws InvalidTokenException {
        String userId = requiredString(claims, "userId");
        if (UserIds.validate(userId) != null) {
            throw new InvalidTokenException("bad userId claim");
        }
        return userId;
    }

    private static String requiredString(JsonObject claims, String name) throws InvalidTokenException {
        JsonValue value = claims.get(name);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw new InvalidTokenException("missing claim " + name);
        }
        return value.asString();
    }

    private static long requiredNumber(JsonObject claims, String name) throws InvalidTokenException {
        JsonValue value = claims.get(name);
        if (value == null || !value.isNumber()) {
            throw new InvalidTokenException("missing claim " + name);
        }
        try {
            return value.asLong();
        } catch (NumberFormatException e) {
            // NumericDate may legally carry a fraction; whole seconds are enough here.
            return (long) value.asDouble();
        }
    }
}
