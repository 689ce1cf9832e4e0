package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Issue 15 item 9: a typing hint reaches the other users, at most once a second a connection, and is never stored. */
class TypingTest {
    @Test
    void aTypingHintGoesToTheOthersOnlyRateLimitedAndIsNotStored() throws Exception {
        try (Harness harness = Harness.start(Map.of());
             TestClient alice = harness.joinedV2("alice", "r1");
             TestClient bob = harness.joinedV2("bob", "r1")) {
            alice.expect("join");
            try (TestClient aliceOtherTab = harness.joinedV2("alice", "r1")) {
                harness.awaitConnections("r1", 3);
                alice.send("{\"type\":\"typing\"}");
                JsonObject hint = bob.expect("typing");
                assertEquals("alice", hint.getString("userId", null));
                alice.send("{\"type\":\"typing\"}"); // within the interval: dropped, no error either
                assertNull(bob.poll(300), "a second hint within a second is dropped");
                assertNull(aliceOtherTab.poll(100), "not to the typist's own other connections");
                assertNull(alice.poll(100), "no answer to the typist");

                bob.sendV2("a real message", "c1");
                assertEquals(1, alice.expect("message").getLong("id", 0), "hints take no id");
            }
        }
    }
}
