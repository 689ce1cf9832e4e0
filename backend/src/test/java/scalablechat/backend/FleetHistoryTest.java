package scalablechat.backend;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 15 item 15: GET /api/fleet/history charts each session server's messages per second, delivery latency,
 * connections and rooms, from the counters the servers report in their status, and names no room.
 */
class FleetHistoryTest {
    @TempDir
    Path clientDir;

    @Test
    void aBusyServerShowsItsMessageRateLatencyAndConnectionsAndTheQuietOneShowsNone() throws Exception {
        try (SessionServers servers = SessionServers.start(2, 10);
             BackendServer backend = TestServers.backend(servers.sessionServerHost(), clientDir,
                     Map.of("FLEET_CHART_SAMPLE_MS", "300"))) {
            TestHttp http = new TestHttp(backend.port());
            String token = http.login("alice");
            String roomId = http.post("/api/rooms", "", token).json().getString("roomId", null);
            JsonObject lookup = http.get("/api/rooms/" + roomId, token).json();
            String busyHost = lookup.getString("host", null);
            try (ChatClient client = ChatClient.connect(lookup)) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                JsonArray busyPoint = null;
                int sent = 0;
                while (busyPoint == null) {
                    if (System.nanoTime() > deadline) {
                        fail("no point with traffic in " + http.get("/api/fleet/history", null).body());
                    }
                    client.send("message " + sent++);
                    Thread.sleep(150); // under SEND_RATE_PER_SECOND (10), so the server never closes us as a flooder
                    busyPoint = latestWithTraffic(http.get("/api/fleet/history", null).json(), busyHost);
                }
                assertTrue(busyPoint.get(1).asDouble() > 0, "messages per second: " + busyPoint);
                assertTrue(busyPoint.get(2).isNumber() && busyPoint.get(3).isNumber(), "p50 and p99 known: " + busyPoint);
                assertTrue(busyPoint.get(3).asDouble() >= busyPoint.get(2).asDouble(), "p99 at least p50");
                assertEquals(1, busyPoint.get(4).asInt(), "one connection");
                assertEquals(1, busyPoint.get(5).asInt(), "one room");
            }
            var reply = http.get("/api/fleet/history", null);
            assertEquals(200, reply.status());
            JsonObject history = reply.json();
            assertEquals(300, history.getInt("intervalMs", 0));
            assertEquals(600_000, history.getInt("windowMs", 0));
            Set<String> hosts = history.get("servers").asArray().values().stream()
                    .map(s -> s.asObject().getString("host", "")).collect(Collectors.toSet());
            assertEquals(2, hosts.size(), "both session servers are charted: " + hosts);
            for (JsonValue server : history.get("servers").asArray()) {
                if (!server.asObject().getString("host", "").equals(busyHost)) {
                    for (JsonValue point : server.asObject().get("points").asArray()) {
                        JsonValue rate = point.asArray().get(1);
                        assertTrue(rate.isNull() || rate.asDouble() == 0, "the quiet server stored nothing: " + point);
                    }
                }
            }
            assertFalse(reply.body().contains(roomId), "no room is named");
        }
    }

    /** The newest point of {@code host} with a message rate above 0, or null. */
    private static JsonArray latestWithTraffic(JsonObject history, String host) {
        for (JsonValue server : history.get("servers").asArray()) {
            if (server.asObject().getString("host", "").equals(host)) {
                JsonArray points = server.asObject().get("points").asArray();
                for (int i = points.size() - 1; i >= 0; i--) {
                    JsonValue rate = points.get(i).asArray().get(1);
                    if (rate.isNumber() && rate.asDouble() > 0 && points.get(i).asArray().get(3).isNumber()) {
                        return points.get(i).asArray();
                    }
                }
            }
        }
        return null;
    }
}
