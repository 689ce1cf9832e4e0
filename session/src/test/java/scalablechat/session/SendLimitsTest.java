package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.session.room.RateLimiter;
import scalablechat.session.room.SendAllowances;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits on what users write: a user's allowance survives reconnects, a room has its own cap whoever sends, and a
 * room's log stops growing at MAX_ROOM_LOG_BYTES. Each attack is checked against a bystander who keeps chatting.
 */
class SendLimitsTest {
    @TempDir
    Path dataDir;

    /** What a client saw in answer to its sends: stored messages (its acknowledgements) and errors by code. */
    private record Answers(int stored, Map<String, Integer> errors, List<String> errorMessages) {
        int errors(String code) {
            return errors.getOrDefault(code, 0);
        }
    }

    /** Sends {@code count} messages, then reads until each has its answer (an echo or an error). */
    private static Answers sendAndCollect(TestClient client, String userId, int count, String text) throws Exception {
        for (int i = 0; i < count; i++) {
            client.sendV2(text + " " + i, "c-" + System.nanoTime() + "-" + i);
        }
        int stored = 0;
        Map<String, Integer> errors = new HashMap<>();
        List<String> messages = new ArrayList<>();
        while (stored + errors.values().stream().mapToInt(Integer::intValue).sum() < count) {
            JsonObject frame = client.nextJson();
            switch (frame.getString("type", "")) {
                case "message" -> {
                    if (userId.equals(frame.getString("userId", null))) {
                        stored++;
                    }
                }
                case "error" -> {
                    errors.merge(frame.getString("code", "?"), 1, Integer::sum);
                    messages.add(frame.getString("message", ""));
                }
                default -> { }
            }
        }
        return new Answers(stored, errors, messages);
    }

    /** The bystander sends one message and sees it stored. */
    private static void stillChats(TestClient bystander, String text) throws Exception {
        bystander.sendV2(text, "b-" + System.nanoTime());
        while (true) {
            JsonObject frame = bystander.nextJson();
            if ("message".equals(frame.getString("type", null)) && text.equals(frame.getString("text", null))) {
                return;
            }
            assertFalse("error".equals(frame.getString("type", null)), "the bystander was refused: " + frame);
        }
    }

    @Test
    void reconnectingDoesNotRefillTheSendAllowance() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1", "SEND_RATE_BURST", "5",
                "FLOOD_STRIKES", "100000"));
             TestClient bob = harness.joinedV2("bob", "r1")) {
            long started = System.nanoTime();
            int stored = 0;
            for (int round = 0; round < 10; round++) {
                try (TestClient mallory = harness.joinedV2("mallory", "r1")) {
                    stored += sendAndCollect(mallory, "mallory", 20, "spam").stored();
                }
                harness.awaitConnections("r1", 1);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            // One burst, then one a second: reconnecting ten times must not give ten bursts (50 messages).
            assertTrue(stored <= 5 + Math.ceil(seconds) + 1, stored + " stored in " + seconds + " s");
            assertEquals(stored, harness.metric("session_messages_stored_total"));
            stillChats(bob, "bob is still here");
        }
    }

    @Test
    void aRoomHasItsOwnCapWhoeverSends() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1000", "SEND_RATE_BURST", "1000",
                "ROOM_SEND_RATE_PER_SECOND", "2", "ROOM_SEND_BURST", "10"))) {
            long started = System.nanoTime();
            int stored = 0;
            int capped = 0;
            List<TestClient> names = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    names.add(harness.joinedV2("name" + i, "r1"));
                }
                for (int i = 0; i < names.size(); i++) {
                    Answers answers = sendAndCollect(names.get(i), "name" + i, 5, "many names");
                    stored += answers.stored();
                    capped += answers.errors("rate_limited");
                    if (answers.errors("rate_limited") > 0) {
                        assertTrue(answers.errorMessages().get(0).contains("room"), answers.errorMessages().toString());
                    }
                }
            } finally {
                names.forEach(TestClient::close);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(stored <= 10 + 2 * Math.ceil(seconds) + 2, stored + " stored in " + seconds + " s");
            assertEquals(40, stored + capped, "every send got an answer");
            assertEquals(capped, harness.metric("session_room_rate_limited_total"));
        }
    }

    @Test
    void aFullRoomLogRefusesNewMessagesAndKeepsItsHistory() throws Exception {
        Map<String, String> settings = Map.of("DATA_DIR", dataDir.toString(), "MAX_ROOM_LOG_BYTES", "8192",
                "SEND_RATE_PER_SECOND", "1000", "SEND_RATE_BURST", "1000", "FSYNC", "never");
        int stored;
        try (Harness harness = Harness.start(settings);
             TestClient alice = harness.joinedV2("alice", "r1")) {
            Answers answers = sendAndCollect(alice, "alice", 40, "x".repeat(400));
            stored = answers.stored();
            assertTrue(stored > 5 && stored < 40, stored + " of 40 stored under 8 KiB");
            assertEquals(40 - stored, answers.errors("room_log_full"), answers.errors().toString());
            assertEquals(40 - stored, harness.metric("session_room_log_full_refusals_total"));
            // The room still works for reading, and stays full for everyone.
            try (TestClient bob = harness.joinedV2("bob", "r1")) {
                assertEquals(1, sendAndCollect(bob, "bob", 1, "x".repeat(400)).errors("room_log_full"));
            }
        }
        assertTrue(Files.size(dataDir.resolve("rooms").resolve(onlyLog())) <= 8192);
        try (Harness restarted = Harness.start(settings);
             TestClient carol = restarted.v2("carol", "r1")) {
            JsonObject welcome = carol.expect("welcome");
            assertEquals(stored, welcome.get("messages").asArray().size(), "the history is intact");
            assertEquals(1, sendAndCollect(carol, "carol", 1, "x".repeat(400)).errors("room_log_full"));
        }
    }

    private String onlyLog() throws Exception {
        try (var files = Files.list(dataDir.resolve("rooms"))) {
            List<String> logs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).toList();
            assertEquals(1, logs.size(), logs.toString());
            return logs.get(0);
        }
    }

    @Test
    void allowancesOfUsersWhoLeftAreForgottenOnlyOnceFull() {
        SessionConfig config = SessionConfig.from(new scalablechat.common.Env(Map.of("JWT_SECRET", Harness.SECRET,
                "SEND_RATE_PER_SECOND", "10", "SEND_RATE_BURST", "20", "FLOOD_STRIKES", "20")));
        long now = 0;
        SendAllowances allowances = new SendAllowances(config.roomSettings(), now);
        for (int user = 0; user < 200; user++) {
            assertEquals(RateLimiter.Verdict.ALLOWED, allowances.takeFromUser("u" + user, now));
        }
        SendAllowances early = new SendAllowances(config.roomSettings(), now);
        for (int user = 0; user < 200; user++) {
            early.takeFromUser("u" + user, now);
        }
        early.forgetRested(id -> false, 0, now + 50_000_000L); // 50 ms later: one token short of full
        assertEquals(200, early.userAllowances(), "a reconnect now would have bought a fresh burst");
        allowances.forgetRested(id -> id.equals("u7"), 1, now + 1_000_000_000L); // a second later: full again
        assertEquals(1, allowances.userAllowances(), "only the user still here keeps an allowance");
    }

    /** Issue 15 item 4: the welcome tells a client its send allowance, so the client can pace itself under it. */
    @Test
    void theWelcomeCarriesTheUsersSendAllowance() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "3", "SEND_RATE_BURST", "7"));
             TestClient alice = harness.v2("alice", "r1")) {
            JsonObject welcome = alice.expect("welcome");
            assertEquals(3, welcome.getInt("sendRatePerSecond", -1));
            assertEquals(7, welcome.getInt("sendBurst", -1));
        }
    }
}
