package scalablechat.session.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A writer killed with SIGKILL in the middle of a stream of appends loses nothing it acknowledged. */
class CrashTest {
    private static final int ACKS_BEFORE_KILL = 300;

    @TempDir
    Path tmp;

    @Test
    void noAcknowledgedMessageIsLostWhenTheWriterIsKilled() throws Exception {
        Path dataDir = tmp.resolve("data");
        Map<Long, String> acknowledged = new HashMap<>();
        for (int round = 0; round < 2; round++) {
            try (ChildJvm child = ChildJvm.start(tmp, "append", dataDir.toString(), "crash", "10")) {
                String open = child.nextLine();
                assertTrue(open.startsWith("OPEN "), open);
                assertTrue(Long.parseLong(open.substring(5)) >= acknowledged.size(), "ids continue: " + open);
                List<String> lines = new ArrayList<>();
                while (lines.size() < ACKS_BEFORE_KILL) {
                    lines.add(child.nextLine());
                }
                child.kill();
                lines.addAll(child.remainingLines());
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    assertEquals("ACK", parts[0], line);
                    String earlier = acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                    assertEquals(null, earlier, "id " + parts[1] + " acknowledged twice");
                }
            }
        }
        try (RoomLog log = new RoomStore(dataDir, FsyncPolicy.ALWAYS, 1_000_000).open("crash")) {
            Map<Long, String> stored = new HashMap<>();
            for (StoredMessage m : log.recent()) {
                stored.put(m.id(), m.text());
            }
            for (Map.Entry<Long, String> ack : acknowledged.entrySet()) {
                assertEquals(ack.getValue(), stored.get(ack.getKey()), "acknowledged message " + ack.getKey());
            }
            assertTrue(acknowledged.size() >= 2 * ACKS_BEFORE_KILL);
            assertEquals(log.recent().size(), log.lastId(), "ids from 1 without a gap");
        }
    }
}
