package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Message ids, and resuming with since: no gap, no duplicate, and an honest recovered flag. */
class ResumeTest {
    private static final Map<String, String> FAST = Map.of("SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000");
    private Harness harness;

    @BeforeEach
    void start() throws Exception {
        harness = Harness.start(FAST);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static List<Long> ids(JsonObject welcome) {
        List<Long> ids = new ArrayList<>();
        for (JsonValue m : welcome.get("messages").asArray()) {
            ids.add(m.asObject().getLong("id", 0));
        }
        return ids;
    }

    @Test
    void idsAreContiguousUnderConcurrentSenders() throws Exception {
        int senders = 4;
        int each = 50;
        try (TestClient observer = harness.joinedV2("observer", "r1")) {
            List<TestClient> clients = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                clients.add(harness.joinedV2("sender" + s, "r1"));
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int s = 0; s < senders; s++) {
                    TestClient client = clients.get(s);
                    int sender = s;
                    pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            client.sendV2("m" + i, "s" + sender + "-" + i);
                        }
                        return null;
                    });
                }
            }
            int[] nextOf = new int[senders];
            long expectedId = 1;
            while (expectedId <= (long) senders * each) {
                JsonObject frame = observer.nextJson();
                if (!"message".equals(frame.getString("type", null))) {
                    continue; // joins of the senders
                }
                assertEquals(expectedId++, frame.getLong("id", 0), "ids rise by exactly one");
                String[] cid = frame.getString("cid", "").substring(1).split("-");
                int sender = Integer.parseInt(cid[0]);
                assertEquals(nextOf[sender]++, Integer.parseInt(cid[1]), "a sender's messages keep their order");
            }
            clients.forEach(TestClient::close);
        }
    }

    @Test
    void resumeAfterADisconnectWhileOthersKeepTalking() throws Exception {
        int total = 200;
        try (TestClient bob = harness.joinedV2("bob", "r1")) {
            TestClient alice = harness.joinedV2("alice", "r1");
            bob.expect("join");
            List<Long> seen = new ArrayList<>();
            Future<?> talking;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                talking = pool.submit(() -> {
                    for (int i = 1; i <= total; i++) {
                        bob.sendV2("m" + i, null);
                        if (i % 2 == 0) {
                            Thread.sleep(1); // keep talking across alice's reconnects
                        }
                    }
                    return null;
                });
                for (int round = 0; round < 3; round++) {
                    // Read a few live messages, drop the connection, come back with since.
                    int live = 0;
                    while (live < 20 && (seen.isEmpty() || seen.get(seen.size() - 1) < total)) {
                        JsonObject frame = alice.nextJson();
                        if ("message".equals(frame.getString("type", null))) {
                            seen.add(frame.getLong("id", 0));
                            live++;
                        }
                    }
                    alice.close();
                    long last = seen.get(seen.size() - 1);
                    alice = TestClient.connect(harness.uri("alice", "r1", last), Harness.V2);
                    JsonObject welcome = alice.expect("welcome");
                    assertTrue(welcome.getBoolean("recovered", false), "resumed after id " + last);
                    seen.addAll(ids(welcome));
                }
                while (seen.isEmpty() || seen.get(seen.size() - 1) < total) {
                    JsonObject frame = alice.nextJson();
                    if ("message".equals(frame.getString("type", null))) {
                        seen.add(frame.getLong("id", 0));
                    }
                }
                talking.get();
            }
            for (int i = 0; i < total; i++) {
                assertEquals(i + 1, seen.get(i), "no gap, no duplicate");
            }
            assertEquals(total, seen.size());
            alice.close();
        }
    }

    @Test
    void recoveredIsFalseWhenTheGapIsOlderThanTheRoomsHistory() throws Exception {
        harness.close();
        harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000",
                "ROOM_HISTORY_SIZE", "100"));
        try (TestClient bob = harness.joinedV2("bob", "r1")) {
            for (int i = 1; i <= 150; i++) {
                bob.sendV2("m" + i, null);
            }
            for (int i = 1; i <= 150; i++) {
                bob.expect("message");
            }
            try (TestClient recent = TestClient.connect(harness.uri("alice", "r1", 60), Harness.V2)) {
                JsonObject welcome = recent.expect("welcome");
                assertTrue(welcome.getBoolean("recovered", false));
                assertEquals(90, ids(welcome).size());
                assertEquals(61, ids(welcome).get(0));
            }
            try (TestClient old = TestClient.connect(harness.uri("alice", "r1", 10), Harness.V2)) {
                JsonObject welcome = old.expect("welcome");
                assertFalse(welcome.getBoolean("recovered", true), "messages 11 to 50 are gone");
                List<Long> ids = ids(welcome);
                assertEquals(100, ids.size(), "the newest 100 instead");
                assertEquals(51, ids.get(0));
                assertEquals(150, ids.get(99));
            }
            try (TestClient future = TestClient.connect(harness.uri("alice", "r1", 500), Harness.V2)) {
                JsonObject welcome = future.expect("welcome");
                assertFalse(welcome.getBoolean("recovered", true), "an id this room never gave out");
                assertEquals(100, ids(welcome).size());
            }
            try (TestClient upToDate = TestClient.connect(harness.uri("alice", "r1", 150), Harness.V2)) {
                JsonObject welcome = upToDate.expect("welcome");
                assertTrue(welcome.getBoolean("recovered", false));
                assertEquals(0, ids(welcome).size());
            }
        }
    }
}
