package scalablechat.common;

/** The rule for user names, shared by login (backend) and token checks (both servers). */
public final class UserIds {
    public static final int MAX_LENGTH = 32;

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
        return bad ? "userId must not contain control characters" : null;
    }
}
