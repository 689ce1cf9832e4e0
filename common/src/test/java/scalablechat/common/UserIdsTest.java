package scalablechat.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class UserIdsTest {
    @Test
    void acceptsOrdinaryNames() {
        assertNull(UserIds.validate("alice"));
        assertNull(UserIds.validate("Zoë Ünal"));
        assertNull(UserIds.validate("x".repeat(32)));
        assertNull(UserIds.validate("👩‍💻 dev")); // emoji with a zero-width joiner
    }

    @Test
    void rejectsEmptyLongAndControlCharacters() {
        assertNotNull(UserIds.validate(""));
        assertNotNull(UserIds.validate(null));
        assertNotNull(UserIds.validate("x".repeat(33)));
        assertNotNull(UserIds.validate("a\u0000b"));
        assertNotNull(UserIds.validate("a\tb"));
        assertNotNull(UserIds.validate("a\u007fb"));
        assertNotNull(UserIds.validate("a\u202eb")); // right-to-left override
    }

    @Test
    void countsCharactersNotUtf16Units() {
        assertNull(UserIds.validate("😀".repeat(32)));
        assertNotNull(UserIds.validate("😀".repeat(33)));
    }

    @Test
    void rejectsNamesThatDrawNothing() {
        assertNotNull(UserIds.validate("\u3164"));           // Hangul filler
        assertNotNull(UserIds.validate("\u2800\u2800"));     // blank Braille pattern
        assertNotNull(UserIds.validate("\u00a0\u2007"));     // no-break and figure spaces
        assertNotNull(UserIds.validate("\u200d"));           // a lone joiner
        assertNotNull(UserIds.validate("\u0301\u20dd"));     // combining marks with nothing to mark
        assertNotNull(UserIds.validate("ana\u3164"));        // passes for "ana"
        assertNull(UserIds.validate("ana\u00a0maria"));
        assertNull(UserIds.validate("e\u0301"));
    }
}
