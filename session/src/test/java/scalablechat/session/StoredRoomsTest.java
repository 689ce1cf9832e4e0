package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.session.room.Member;
import scalablechat.session.store.FsyncPolicy;
import scalablechat.session.store.NewMessage;
import scalablechat.session.store.RoomLog;
import scalablechat.session.store.RoomStore;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms kept in DATA_DIR through the session server: damaged logs open with every good record, a room is
 * hosted by one server of those sharing a DATA_DIR, and idle rooms close and reopen with their history.
 */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class StoredRoomsTest {
    @TempDir
    Path dataDir;

    private Harness start(String... settings) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("DATA_DIR", dataDir.toString(), "FSYNC", "never"));
        for (int i = 0; i < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        return Harness.start(env);
    }

    /** A room log with messages "m1".."mN", written through the store as a server would. */
    private void writeRoom(String roomId, int messages) throws Exception {
        try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.NEVER, 1000).open(roomId)) {
            for (int i = 1; i <= messages; i++) {
                log.append(new NewMessage("alice", "m" + i, 1_700_000_000_000L, "c" + i)).get(20, TimeUnit.SECONDS);
            }
        }
    }

    private Path logFile(String roomId) {
        return dataDir.resolve("rooms").resolve(roomId + ".log");
    }

    private static List<String> texts(JsonObject welcome) {
        return welcome.get("messages").asArray().values().stream()
                .map(JsonValue::asObject).map(m -> m.getString("text", null)).toList();
    }

    @Test
    void tornAndCorruptLogsOpenWithEveryGoodRecordAndGoOn() throws Exception {
        writeRoom("torn", 5);
        try (RandomAccessFile file = new RandomAccessFile(logFile("torn").toFile(), "rw")) {
            file.setLength(file.length() - 3); // the last record was half written when the process died
        }
        writeRoom("noisy", 5);
        byte[] garbage = new byte[100];
        new Random(42).nextBytes(garbage);
        Files.write(logFile("noisy"), garbage, StandardOpenOption.APPEND);

        try (CapturedLog captured = new CapturedLog();
             Harness harness = start()) {
            try (TestClient alice = TestClient.connect(harness.uri("alice", "torn", 0), Harness.V2)) {
                JsonObject welcome = alice.expect("welcome");
                assertEquals(List.of("m1", "m2", "m3", "m4"), texts(welcome));
                alice.sendV2("after the crash", null);
                // A torn last record cannot be told from a damaged one that someone saw: its id is not given again.
                assertTrue(alice.expect("message").getLong("id", 0) > 5, "no id the cut bytes may have held is given again");
            }
            try (TestClient alice = TestClient.connect(harness.uri("alice", "noisy", 0), Harness.V2)) {
                JsonObject welcome = alice.expect("welcome");
                assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), texts(welcome));
                alice.sendV2("m5", "c5");
                assertEquals(5, alice.expect("message").getLong("id", 0), "cids read from the log are known");
                alice.sendV2("after the noise", null);
                // 100 bytes of garbage could have held 3 records (33 bytes each at least): ids 6 to 8 are skipped.
                assertEquals(9, alice.expect("message").getLong("id", 0));
            }
            List<String> warnings = captured.messages(Level.WARNING);
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("room torn: cut ")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("room noisy: cut 100 bytes")), warnings.toString());
            assertTrue(warnings.stream().anyMatch(w -> w.startsWith("room noisy: ids 6 to 8 may have been given")),
                    warnings.toString());
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("rooms"))) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().contains(".log.cut-")).count(),
                    "the cut bytes are kept for an operator");
        }
    }

    @Test
    void twoServersOnOneDataDirNeverHostTheSameRoom() throws Exception {
        try (SessionProcess first = SessionProcess.start(dataDir, Map.of("FSYNC", "never"));
             TestClient alice = TestClient.connect(first.uri("alice", "r1", Member.NO_SINCE), Harness.V2);
             Harness second = start()) {
            alice.expect("welcome");

            Harness.Answer admission = second.internal("PUT", "/internal/rooms/r1");
            assertEquals(409, admission.status());
            String error = admission.json().getString("error", "");
            assertTrue(error.startsWith("room r1 is hosted by another server: ") && error.contains("pid " + first.pid()), error);
            try (TestClient bob = second.v2("bob", "r1")) {
                TestClient.Close close = bob.awaitClose();
                assertEquals(1013, close.code());
                assertEquals("room is hosted by another server", close.reason());
            }
            Harness.Answer lookup = second.internal("GET", "/internal/rooms/r1");
            assertEquals(404, lookup.status());
            assertTrue(lookup.json().getBoolean("stored", false));
            assertEquals(0, second.status().getInt("rooms", -1), "the refused room took no slot");
            assertEquals(200, second.internal("PUT", "/internal/rooms/r2").status(), "other rooms are unaffected");

            alice.sendV2("still here", null);
            assertEquals(1, alice.expect("message").getLong("id", 0), "the first server carries on");

            first.kill(); // the kernel drops its lock
            assertEquals(200, second.internal("PUT", "/internal/rooms/r1").status());
            try (TestClient bob = TestClient.connect(second.uri("bob", "r1", 0), Harness.V2)) {
                assertEquals(List.of("still here"), texts(bob.expect("welcome")));
            }
        }
    }

    @Test
    void anIdleRoomClosesFreesItsSlotAndReopensWithItsHistory() throws Exception {
        try (Harness harness = start("ROOM_IDLE_SECONDS", "1", "ROOMS_PER_SERVER", "1")) {
            try (TestClient alice = harness.joinedV2("alice", "r1")) {
                alice.sendV2("one", null);
                alice.expect("message");
                Thread.sleep(1500); // longer than ROOM_IDLE_SECONDS, with a connection
                alice.sendV2("two", null);
                assertEquals(2, alice.expect("message").getLong("id", 0), "a room with a connection stays open");
            }
            awaitRooms(harness, 0);
            Harness.Answer lookup = harness.internal("GET", "/internal/rooms/r1");
            assertEquals(404, lookup.status());
            assertTrue(lookup.json().getBoolean("stored", false));
            try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.NEVER, 1000).open("r1")) {
                assertEquals(2, log.lastId(), "the log was closed and its lock released");
            }

            assertEquals(200, harness.internal("PUT", "/internal/rooms/r2").status(), "the slot is free");
            awaitRooms(harness, 0); // admitted, but nobody came

            try (TestClient bob = TestClient.connect(harness.uri("bob", "r1", 0), Harness.V2)) {
                JsonObject welcome = bob.expect("welcome");
                assertTrue(welcome.getBoolean("recovered", false));
                assertEquals(List.of("one", "two"), texts(welcome));
                bob.sendV2("three", null);
                assertEquals(3, bob.expect("message").getLong("id", 0));
            }
        }
    }

    @Test
    void aRoomNobodyJoinsFreesItsSlotAfterTheShortGrace() throws Exception {
        try (Harness harness = start("ROOM_UNJOINED_SECONDS", "1", "ROOM_IDLE_SECONDS", "300", "ROOMS_PER_SERVER", "1")) {
            assertEquals(200, harness.internal("PUT", "/internal/rooms/r1").status());
            assertEquals(503, harness.internal("PUT", "/internal/rooms/r2").status(), "the one slot is taken");
            awaitRooms(harness, 0); // nobody came within ROOM_UNJOINED_SECONDS, not ROOM_IDLE_SECONDS
            assertEquals(1, harness.metric("session_rooms_unjoined_closed_total"));

            assertEquals(200, harness.internal("PUT", "/internal/rooms/r2").status(), "the slot is free again");
            try (TestClient alice = harness.joinedV2("alice", "r2")) {
                alice.sendV2("hello", null);
                alice.expect("message");
            }
            Thread.sleep(1500); // past the short grace: a room that was used waits for ROOM_IDLE_SECONDS
            assertEquals(1, harness.status().getInt("rooms", -1));
            assertEquals(1, harness.metric("session_rooms_unjoined_closed_total"));
        }
    }

    private static void awaitRooms(Harness harness, int rooms) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (harness.status().getInt("rooms", -1) != rooms) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rooms did not reach " + rooms + ": " + harness.status());
            }
            Thread.sleep(50);
        }
    }
}
