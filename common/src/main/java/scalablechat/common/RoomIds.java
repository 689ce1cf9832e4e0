package scalablechat.common;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Room ids: the key to a room, so they are unguessable (at least 60 random bits), and URL-safe.
 * The accepted shape is Hathora's ({@code [A-Za-z0-9_-]}, here at most 64 long) so that one id
 * works with every scheduler.
 */
public final class RoomIds {
    public static final int MAX_LENGTH = 64;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray(); // 32 symbols, no look-alikes
    private static final SecureRandom RANDOM = new SecureRandom();

    private RoomIds() {}

    public static boolean isValid(String roomId) {
        return roomId != null && SHAPE.matcher(roomId).matches();
    }

    /** A fresh random id part of {@code length} symbols, 5 bits each. */
    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
