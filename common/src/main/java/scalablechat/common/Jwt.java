package scalablechat.common;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * JSON Web Tokens signed with HMAC-SHA256 (RFC 7519, "HS256"), nothing else.
 * The algorithm is fixed: a token whose header names any other (including "none") is rejected
 * before its signature is even looked at.
 */
public final class Jwt {
    private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Tokens ride in URLs and headers; anything longer is not one of ours. */
    public static final int MAX_TOKEN_LENGTH = 4096;

    /**
     * Keyed MACs kept for reuse. {@code Mac.getInstance} and {@code init} cost more than signing a token
     * (a provider search and two digests), and a thread-local would not help: each request has its own
     * virtual thread. A MAC is taken out while in use; more than this many idle ones are dropped.
     */
    static final int IDLE_MACS = 64;

    private final SecretKeySpec key;
    private final BlockingQueue<Mac> idleMacs = new ArrayBlockingQueue<>(IDLE_MACS);

    public Jwt(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("JWT secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        idleMacs.offer(newMac()); // fails now, at start, if the key is unusable
    }

    public String sign(JsonObject claims) {
        String signingInput = HEADER + "." + base64Url(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + base64Url(hmac(signingInput));
    }

    /** Returns the claims of a well-formed HS256 token with a valid signature; expiry is the caller's check. */
    public JsonObject verifySignature(String token) throws InvalidTokenException {
        if (token == null || token.isEmpty()) {
            throw new InvalidTokenException("missing token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("malformed token");
        }
        JsonObject header = decodeObject(parts[0], "header");
        JsonValue alg = header.get("alg");
        if (alg == null || !alg.isString() || !"HS256".equals(alg.asString())) {
            throw new InvalidTokenException("unsupported algorithm");
        }
        byte[] signature = decode(parts[2], "signature");
        byte[] expected = hmac(parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new InvalidTokenException("bad signature");
        }
        return decodeObject(parts[1], "payload");
    }

    private byte[] hmac(String signingInput) {
        Mac mac = idleMacs.poll();
        if (mac == null) {
            mac = newMac();
        }
        byte[] result = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)); // doFinal resets it for reuse
        idleMacs.offer(mac);
        return result;
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static JsonObject decodeObject(String part, String what) throws InvalidTokenException {
        String json = new String(decode(part, what), StandardCharsets.UTF_8);
        try {
            JsonValue value = Json.parse(json);
            if (!value.isObject()) {
                throw new InvalidTokenException("malformed " + what);
            }
            return value.asObject();
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed " + what);
        }
    }

    private static byte[] decode(String part, String what) throws InvalidTokenException {
        // JWTs use unpadded base64url; padding or other alphabets are not ours.
        if (part.isEmpty() || part.indexOf('=') >= 0) {
            throw new InvalidTokenException("malformed " + what);
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed " + what);
        }
        // The JDK ignores the unused low bits of the last character, so several strings decode alike;
        // only the canonical one is accepted, or a changed token would still verify.
        if (!base64Url(bytes).equals(part)) {
            throw new InvalidTokenException("malformed " + what + " (not canonical base64url)");
        }
        return bytes;
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
