package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Issue 15: a reload or reconnect within PRESENCE_GRACE_SECONDS is no leave and no join; a real leave comes after it. */
class PresenceGraceTest {
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start(Map.of("PRESENCE_GRACE_SECONDS", "1"));
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aReconnectWithinTheGraceAnnouncesNothing() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            TestClient bob = harness.joinedV2("bob", "r1");
            assertEquals("bob", alice.expect("join").getString("userId", null));
            bob.close();
            harness.awaitConnections("r1", 1);
            try (TestClient bobAgain = harness.v2("bob", "r1")) {
                JsonObject welcome = bobAgain.expect("welcome");
                assertEquals(List.of("alice", "bob"), V2ProtocolTest.strings(welcome.get("users")));
                bobAgain.sendV2("back", "c1");
                assertEquals("back", alice.expect("message").getString("text", null),
                        "no leave and no join before the message");
                // Past the grace of the first connection's close: still nothing, bob is connected.
                assertNull(alice.poll(1500), "nothing after the grace either");
            }
        }
    }

    @Test
    void aLeaveIsAnnouncedOnceTheGraceEndsAndTheListIsRightMeanwhile() throws Exception {
        try (TestClient alice = harness.joinedV2("alice", "r1")) {
            TestClient bob = harness.joinedV2("bob", "r1");
            alice.expect("join");
            long closed = System.nanoTime();
            bob.close();
            harness.awaitConnections("r1", 1);
            try (TestClient carol = harness.v2("carol", "r1")) {
                JsonObject welcome = carol.expect("welcome");
                if (System.nanoTime() - closed < 900_000_000L) {
                    assertEquals(List.of("alice", "bob", "carol"), V2ProtocolTest.strings(welcome.get("users")),
                            "within the grace bob is still present");
                }
                assertEquals("carol", alice.expect("join").getString("userId", null));
                assertEquals("bob", alice.expect("leave").getString("userId", null));
                assertEquals("bob", carol.expect("leave").getString("userId", null));
                assertEquals(2, harness.roomStatus("r1").getInt("users", -1), "alice and carol");
            }
        }
    }
}
