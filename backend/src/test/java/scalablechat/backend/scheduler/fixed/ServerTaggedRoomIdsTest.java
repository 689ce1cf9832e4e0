package scalablechat.backend.scheduler.fixed;

import org.junit.jupiter.api.Test;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.common.RoomIds;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ServerTaggedRoomIdsTest {
    private final SessionServerAddress a = SessionServerAddress.parse("V", "localhost:8000");
    private final SessionServerAddress b = SessionServerAddress.parse("V", "localhost:8001");

    @Test
    void idsNameTheirServerWhateverTheListOrder() {
        ServerTaggedRoomIds one = new ServerTaggedRoomIds(List.of(a, b));
        ServerTaggedRoomIds other = new ServerTaggedRoomIds(List.of(b, a));
        String id = one.newId(b);
        assertTrue(RoomIds.isValid(id), id);
        assertEquals(22, id.length());
        assertEquals(b, one.serverOf(id).orElseThrow());
        assertEquals(b, other.serverOf(id).orElseThrow());
        assertEquals(a, other.serverOf(one.newId(a)).orElseThrow());
    }

    @Test
    void idsAreFresh() {
        ServerTaggedRoomIds ids = new ServerTaggedRoomIds(List.of(a));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(ids.newId(a)));
        }
    }

    @Test
    void foreignIdsNameNoServer() {
        ServerTaggedRoomIds ids = new ServerTaggedRoomIds(List.of(a));
        String other = new ServerTaggedRoomIds(List.of(b)).newId(b);
        assertTrue(ids.serverOf(other).isEmpty());
        assertTrue(ids.serverOf("abc").isEmpty());
        assertTrue(ids.serverOf(null).isEmpty());
        String mine = ids.newId(a);
        assertTrue(ids.serverOf(mine.replace('-', '_')).isEmpty());
        assertTrue(ids.serverOf(mine + "x").isEmpty());
    }
}
