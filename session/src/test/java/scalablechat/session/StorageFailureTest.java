package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.session.store.FsyncPolicy;
import scalablechat.session.store.RoomLog;
import scalablechat.session.store.RoomStore;
import scalablechat.session.store.StoredMessage;
import scalablechat.session.store.Tmpfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real full disk and a real read-only file system under a session server (a small tmpfs; mounting one
 * needs root, so these are skipped elsewhere): the sender is told, the server logs an error, everything
 * already stored stays intact and readable, and writing resumes when the disk does.
 */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class StorageFailureTest {
    private static final String ROOM = "r1";
    /** A message this long fills a tmpfs page in four: few sends are needed to hit the full disk. */
    private static final String FILLER_TEXT = "x".repeat(990);

    @TempDir
    Path tmp;

    private static Map<String, String> settings(Path dataDir) {
        return Map.of("DATA_DIR", dataDir.toString(), "FSYNC", "always",
                "SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000");
    }

    @Test
    void aFullDiskRefusesMessagesWithAnErrorFrameAndKeepsServing() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("small"), "256k")) {
            Assumptions.assumeTrue(disk != null, "mounting a tmpfs needs root");
            Path dataDir = disk.dir().resolve("data");
            List<String> stored = new ArrayList<>();
            try (CapturedLog captured = new CapturedLog();
                 Harness harness = Harness.start(settings(dataDir));
                 TestClient alice = harness.joinedV2("alice", ROOM);
                 TestClient bob = harness.joinedV2("bob", ROOM)) {
                alice.expect("join");
                alice.sendV2("before", "b1");
                assertEquals(1, bob.expect("message").getLong("id", 0));
                assertEquals(1, alice.expect("message").getLong("id", 0));
                stored.add("before");

                Path filler = disk.dir().resolve("filler");
                fill(filler);
                // What is left of the log's last page may still take a message or two.
                String refusedCid = null;
                for (int i = 1; i <= 20 && refusedCid == null; i++) {
                    String cid = "f" + i;
                    alice.sendV2(FILLER_TEXT, cid);
                    JsonObject answer = alice.nextJson();
                    if ("error".equals(answer.getString("type", null))) {
                        assertEquals("storage_failed", answer.getString("code", null), answer.toString());
                        assertEquals(cid, answer.getString("cid", null));
                        refusedCid = cid;
                    } else {
                        assertEquals(stored.size() + 1, answer.getLong("id", 0));
                        assertEquals(answer, bob.expect("message"));
                        stored.add(FILLER_TEXT);
                    }
                }
                assertTrue(refusedCid != null, "the disk never filled up");
                assertFalse(alice.isClosed(), "the sender stays connected");
                assertTrue(captured.messages(Level.SEVERE).stream().anyMatch(m -> m.startsWith("room r1: a message could not be stored")),
                        captured.messages(Level.SEVERE).toString());

                // Reads go on: a newcomer gets the whole history.
                try (TestClient carol = TestClient.connect(harness.uri("carol", ROOM, 0), Harness.V2)) {
                    assertEquals(stored, texts(carol.expect("welcome")));
                }

                Files.delete(filler);
                alice.sendV2(FILLER_TEXT, refusedCid); // the client's resend, with the same cid
                JsonObject resent = skipPresence(alice);
                assertEquals("message", resent.getString("type", null));
                assertEquals(stored.size() + 1, resent.getLong("id", 0), "the refused message took no id");
                assertEquals(refusedCid, resent.getString("cid", null));
                stored.add(FILLER_TEXT);
                JsonObject bobSaw = skipPresence(bob);
                assertEquals(resent, bobSaw, "bob saw no failure, only the messages");
            }
            try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 1000).open(ROOM)) {
                assertEquals(stored, log.recent().stream().map(StoredMessage::text).toList(), "nothing stored was damaged");
            }
        }
    }

    @Test
    void aReadOnlyDataDirRefusesToOpenRoomsAndDamagesNothing() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("ro"), "1m")) {
            Assumptions.assumeTrue(disk != null, "mounting a tmpfs needs root");
            Path dataDir = disk.dir().resolve("data");
            try (Harness first = Harness.start(settings(dataDir));
                 TestClient alice = first.joinedV2("alice", ROOM)) {
                alice.sendV2("one", null);
                alice.expect("message");
                alice.sendV2("two", null);
                alice.expect("message");
            }
            Path log = dataDir.resolve("rooms").resolve(ROOM + ".log");
            byte[] before = Files.readAllBytes(log);
            disk.remount("ro");
            try (Harness second = Harness.start(settings(dataDir))) {
                try {
                    try (TestClient bob = second.v2("bob", ROOM)) {
                        TestClient.Close close = bob.awaitClose();
                        assertEquals(1011, close.code());
                        assertEquals("room cannot be opened here", close.reason());
                    }
                    Harness.Answer admission = second.internal("PUT", "/internal/rooms/" + ROOM);
                    assertEquals(503, admission.status());
                    assertTrue(admission.json().getString("error", "").contains("Read-only file system"),
                            admission.json().toString());
                    Harness.Answer lookup = second.internal("GET", "/internal/rooms/" + ROOM);
                    assertTrue(lookup.json().getBoolean("stored", false), "its history is still there");
                } finally {
                    disk.remount("rw");
                }
                assertArrayEquals(before, Files.readAllBytes(log));
                assertEquals(200, second.internal("PUT", "/internal/rooms/" + ROOM).status());
                try (TestClient bob = TestClient.connect(second.uri("bob", ROOM, 0), Harness.V2)) {
                    assertEquals(List.of("one", "two"), texts(bob.expect("welcome")));
                    bob.sendV2("three", null);
                    assertEquals(3, bob.expect("message").getLong("id", 0));
                }
            }
        }
    }

    /** Writes to {@code file} until the file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    /** The next frame that is not a join or leave (carol came and went). */
    private static JsonObject skipPresence(TestClient client) throws InterruptedException {
        while (true) {
            JsonObject frame = client.nextJson();
            String type = frame.getString("type", null);
            if (!"join".equals(type) && !"leave".equals(type)) {
                return frame;
            }
        }
    }

    private static List<String> texts(JsonObject welcome) {
        return welcome.get("messages").asArray().values().stream()
                .map(JsonValue::asObject).map(m -> m.getString("text", null)).toList();
    }
}
