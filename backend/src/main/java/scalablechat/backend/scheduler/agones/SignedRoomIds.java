package scalablechat.backend.scheduler.agones;

import scalablechat.common.RoomIds;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Room ids any backend can recognise as minted by a backend, without a database: {@code <16 random symbols>-<8-symbol
 * MAC>}, the MAC an HMAC-SHA256 of the random part under {@code JWT_SECRET}. A lookup of an id with a good MAC that no
 * GameServer holds is a room whose server died: it is placed again. Any other id never existed: 404-style
 * {@code {"host":null}}, and nobody can make the backend allocate rooms by guessing ids.
 */
final class SignedRoomIds {
    static final int RANDOM_LENGTH = 16;
    static final int MAC_LENGTH = 8; // 40 bits: forging one takes about 10^12 tries against a rate-limited API
    private static final char SEPARATOR = '-';
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray(); // RoomIds' symbols

    private final byte[] key;

    SignedRoomIds(String secret) {
        this.key = ("scalable-chat room id\n" + secret).getBytes(StandardCharsets.UTF_8);
    }

    String newId() {
        String random = RoomIds.random(RANDOM_LENGTH);
        return random + SEPARATOR + mac(random);
    }

    /** Whether a backend sharing this secret minted {@code roomId}. */
    boolean isMinted(String roomId) {
        if (roomId == null || roomId.length() != RANDOM_LENGTH + 1 + MAC_LENGTH || roomId.charAt(RANDOM_LENGTH) != SEPARATOR) {
            return false;
        }
        byte[] expected = mac(roomId.substring(0, RANDOM_LENGTH)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = roomId.substring(RANDOM_LENGTH + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    private String mac(String random) {
        byte[] digest;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            digest = hmac.doFinal(random.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
        long bits = 0;
        for (int i = 0; i < 5; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        char[] out = new char[MAC_LENGTH];
        for (int i = MAC_LENGTH - 1; i >= 0; i--) {
            out[i] = ALPHABET[(int) (bits & 31)];
            bits >>>= 5;
        }
        return new String(out);
    }
}
