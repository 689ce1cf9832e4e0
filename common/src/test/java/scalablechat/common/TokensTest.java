package scalablechat.common;

import com.eclipsesource.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

class TokensTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private final Tokens tokens = new Tokens("secret", Clock.fixed(NOW, ZoneOffset.UTC));

    private static Tokens at(Instant instant) {
        return new Tokens("secret", Clock.fixed(instant, ZoneOffset.UTC));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(Executable e) {
        return assertThrows(InvalidTokenException.class, e::run).getMessage();
    }

    interface Executable {
        void run() throws Exception;
    }

    @Test
    void userTokenRoundTripsAndIsAStandardJwt() throws Exception {
        String token = tokens.userToken("alice");
        assertEquals("alice", tokens.verifyUser(token).userId());
        String[] parts = token.split("\\.");
        var header = Json.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).asObject();
        assertEquals("HS256", header.getString("alg", ""));
        var payload = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)).asObject();
        assertEquals("alice", payload.getString("userId", ""));
        assertEquals(NOW.getEpochSecond(), payload.getLong("iat", 0));
        assertEquals(NOW.getEpochSecond() + 24 * 3600, payload.getLong("exp", 0));
    }

    @Test
    void knownVectorFromAnotherImplementation() throws Exception {
        // Signed by Node's jsonwebtoken with secret "secret": {"userId":"alice","iat":1795780800,"exp":1795867200}
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"userId\":\"alice\",\"iat\":1795780800,\"exp\":1795867200}");
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("alice", tokens.verifyUser(header + "." + payload + "." + sig).userId());
    }

    @Test
    void sessionTokenCarriesRoomAndHost() throws Exception {
        var claims = tokens.verifySession(tokens.sessionToken("bob", "room1", "localhost:8000"));
        assertEquals(new Tokens.SessionClaims("bob", "room1", "localhost:8000", claims.issuedAt()), claims);
        assertEquals(NOW.getEpochSecond(), claims.issuedAt(), "when it was signed");
    }

    @Test
    void sessionTokenIsNotAUserOfTheWrongKind() {
        assertEquals("missing claim roomId", reason(() -> tokens.verifySession(tokens.userToken("bob"))));
        assertEquals("missing claim scope", reason(() -> tokens.verifyInternal(tokens.userToken("bob"))));
        assertEquals("not a user token", reason(() -> tokens.verifyUser(tokens.sessionToken("bob", "r", "h:1"))));
        assertEquals("not a user token", reason(() -> tokens.verifyUser(tokens.internalToken())));
    }

    @Test
    void rejectsBadSignature() {
        String other = new Tokens("other", Clock.fixed(NOW, ZoneOffset.UTC)).userToken("alice");
        assertEquals("bad signature", reason(() -> tokens.verifyUser(other)));
        String token = tokens.userToken("alice");
        String tampered = token.substring(0, token.indexOf('.') + 1) + b64("{\"userId\":\"mallory\",\"iat\":1,\"exp\":9999999999}")
                + token.substring(token.lastIndexOf('.'));
        assertEquals("bad signature", reason(() -> tokens.verifyUser(tampered)));
    }

    @Test
    void rejectsOtherAlgorithmsIncludingNone() {
        String payload = b64("{\"userId\":\"alice\",\"iat\":" + NOW.getEpochSecond() + ",\"exp\":9999999999}");
        assertEquals("unsupported algorithm", reason(() -> tokens.verifyUser(b64("{\"alg\":\"none\"}") + "." + payload + ".")));
        assertEquals("unsupported algorithm", reason(() -> tokens.verifyUser(b64("{\"alg\":\"HS512\"}") + "." + payload + ".c2ln")));
        assertEquals("unsupported algorithm", reason(() -> tokens.verifyUser(b64("{\"typ\":\"JWT\"}") + "." + payload + ".c2ln")));
    }

    @Test
    void rejectsExpiredAndFutureTokens() {
        String token = tokens.userToken("alice");
        assertEquals("token expired", reason(() -> at(NOW.plusSeconds(25 * 3600)).verifyUser(token)));
        assertEquals("token issued in the future", reason(() -> at(NOW.minusSeconds(3600)).verifyUser(token)));
        String session = tokens.sessionToken("a", "r", "h:1");
        assertEquals("token expired", reason(() -> at(NOW.plusSeconds(11 * 60)).verifySession(session)));
    }

    @Test
    void rejectsMalformedTokens() {
        assertEquals("missing token", reason(() -> tokens.verifyUser(null)));
        assertEquals("missing token", reason(() -> tokens.verifyUser("")));
        assertEquals("malformed token", reason(() -> tokens.verifyUser("abc")));
        assertEquals("malformed token", reason(() -> tokens.verifyUser("a.b.c.d")));
        assertEquals("malformed header", reason(() -> tokens.verifyUser("!!!.e30.abc")));
        assertEquals("malformed header", reason(() -> tokens.verifyUser(b64("not json") + ".e30.abc")));
        assertEquals("malformed header", reason(() -> tokens.verifyUser(b64("[1]") + ".e30.abc")));
        assertEquals("token too long", reason(() -> tokens.verifyUser("a".repeat(5000))));
        String good = tokens.userToken("alice");
        String badSig = good.substring(0, good.lastIndexOf('.') + 1) + "%%%";
        assertEquals("malformed signature", reason(() -> tokens.verifyUser(badSig)));
    }

    @Test
    void rejectsASignatureWithChangedUnusedBits() throws Exception {
        String token = tokens.userToken("alice");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // 32 bytes in base64url leave 2 unused low bits in the last character; flipping them decodes alike.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(signature.charAt(signature.length() - 1));
        String forged = token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
        assertArrayEquals(Base64.getUrlDecoder().decode(signature),
                Base64.getUrlDecoder().decode(forged.substring(forged.lastIndexOf('.') + 1)), "same bytes decoded");
        assertEquals("alice", tokens.verifyUser(token).userId());
        assertTrue(reason(() -> tokens.verifyUser(forged)).contains("not canonical"));
    }

    @Test
    void secretsShorterThan32BytesAreAConfigurationError() {
        Env.ConfigException e = assertThrows(Env.ConfigException.class,
                () -> new Env(java.util.Map.of("JWT_SECRET", "s")).secret("JWT_SECRET", Tokens.MIN_SECRET_BYTES));
        assertTrue(e.getMessage().contains("at least 32 bytes"), e.getMessage());
        assertEquals("x".repeat(32), new Env(java.util.Map.of("JWT_SECRET", "x".repeat(32)))
                .secret("JWT_SECRET", Tokens.MIN_SECRET_BYTES));
    }

    @Test
    void rejectsMissingOrBadClaims() {
        Jwt jwt = new Jwt("secret");
        long now = NOW.getEpochSecond();
        assertEquals("missing claim exp", reason(() -> tokens.verifyUser(jwt.sign(Json.object().add("userId", "a").add("iat", now)))));
        assertEquals("missing claim iat", reason(() -> tokens.verifyUser(jwt.sign(Json.object().add("userId", "a").add("exp", now + 9)))));
        assertEquals("missing claim userId", reason(() -> tokens.verifyUser(jwt.sign(Json.object().add("iat", now).add("exp", now + 9)))));
        assertEquals("missing claim userId", reason(() -> tokens.verifyUser(jwt.sign(Json.object().add("userId", 5).add("iat", now).add("exp", now + 9)))));
        assertEquals("bad userId claim", reason(() -> tokens.verifyUser(jwt.sign(Json.object().add("userId", "a\nb").add("iat", now).add("exp", now + 9)))));
        assertEquals("missing claim exp", reason(() -> tokens.verifyUser(jwt.sign(Json.object().add("userId", "a").add("iat", now).add("exp", "soon")))));
    }

    @Test
    void internalTokens() throws Exception {
        tokens.verifyInternal(tokens.internalToken());
        Jwt jwt = new Jwt("secret");
        long now = NOW.getEpochSecond();
        assertEquals("not an internal token", reason(() -> tokens.verifyInternal(jwt.sign(Json.object().add("scope", "admin").add("iat", now).add("exp", now + 9)))));
    }
}
