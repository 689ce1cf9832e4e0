package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 15: v2 clients hear a ping every HEARTBEAT_SECONDS, announced in the welcome, so they can tell a frozen server. */
class HeartbeatTest {
    @Test
    void v2ConnectionsGetAPingEveryIntervalAndTheWelcomeSaysHowOften() throws Exception {
        try (Harness harness = Harness.start(Map.of("HEARTBEAT_SECONDS", "1"));
             TestClient alice = harness.v2("alice", "r1");
             TestClient original = harness.original("bob", "r1")) {
            JsonObject welcome = alice.expect("welcome");
            assertEquals(1, welcome.getInt("heartbeatSeconds", -1));
            original.next(); // its snapshot
            long start = System.nanoTime();
            int pings = 0;
            while (pings < 2) {
                JsonObject frame = alice.nextJson();
                String type = frame.getString("type", "");
                assertTrue(type.equals("ping") || type.equals("join"), "only bob's join and pings: " + frame);
                pings += type.equals("ping") ? 1 : 0;
            }
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds >= 1 && seconds <= 5, "two pings about a second apart, took " + seconds + " s");
            for (String frame; (frame = original.poll(200)) != null; ) {
                assertTrue(frame.startsWith("{\"messages\""), "the original protocol gets no pings: " + frame);
            }
        }
    }

    @Test
    void zeroSendsNoPings() throws Exception {
        try (Harness harness = Harness.start(Map.of("HEARTBEAT_SECONDS", "0"));
             TestClient alice = harness.joinedV2("alice", "r1")) {
            assertNull(alice.poll(1500), "no frame at all");
        }
    }
}
