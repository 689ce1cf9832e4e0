package scalablechat.common;

import java.util.Set;

/** The rule for user names, shared by login (backend) and token checks (both servers). */
public final class UserIds {
    public static final int MAX_LENGTH = 32;

    /**
     * Letters and symbols that draw nothing: Hangul fillers and the blank Braille pattern. A name made of them
     * looks empty, and one ending in them passes for another user's name, so they are refused anywhere.
     */
    private static final Set<Integer> BLANK_CHARACTERS = Set.of(0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800);

    private UserIds() {}

    /** Returns why {@code userId} (already trimmed) is not acceptable, or null when it is. */
    public static String validate(String userId) {
        if (userId == null || userId.isEmpty()) {
            return "userId must not be empty";
        }
        int length = userId.codePointCount(0, userId.length());
        if (length > MAX_LENGTH) {
            return "userId must be at most " + MAX_LENGTH + " characters";
        }
        boolean bad = userId.codePoints().anyMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT && c != 0x200D // keep emoji joiners
                || Character.getType(c) == Character.SURROGATE
                || c == 0x2028 || c == 0x2029);
        if (bad) {
            return "userId must not contain control characters";
        }
        if (userId.codePoints().anyMatch(BLANK_CHARACTERS::contains)) {
            return "userId must not contain blank filler characters";
        }
        if (userId.codePoints().noneMatch(UserIds::visible)) {
            return "userId must contain a visible character";
        }
        return null;
    }

    /** Spaces, joiners and combining marks draw nothing on their own. */
    private static boolean visible(int c) {
        return switch (Character.getType(c)) {
            case Character.SPACE_SEPARATOR, Character.FORMAT, Character.NON_SPACING_MARK,
                 Character.ENCLOSING_MARK, Character.CONTROL -> false;
            default -> !Character.isWhitespace(c);
        };
    }
}
