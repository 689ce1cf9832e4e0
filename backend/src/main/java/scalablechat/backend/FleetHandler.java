package scalablechat.backend;

import scalablechat.common.http.Endpoint;
import scalablechat.common.http.HttpJson;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.ServerView;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /api/fleet}: the session servers the scheduler knows, their state and load, for the web
 * client's fleet page. Open to anyone, because it shows only counts; a room id is the key to a room, so
 * ids appear only for a request bearing {@code ADMIN_TOKEN}.
 */
final class FleetHandler implements Endpoint {
    private final Scheduler scheduler;
    private final String schedulerName;
    private final Optional<byte[]> adminToken;

    FleetHandler(Scheduler scheduler, String schedulerName, Optional<String> adminToken) {
        this.scheduler = scheduler;
        this.schedulerName = schedulerName;
        this.adminToken = adminToken.map(token -> token.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException {
        boolean admin = isAdmin(HttpJson.bearerToken(exchange));
        JsonArray servers = Json.array();
        int rooms = 0;
        int users = 0;
        int connections = 0;
        int alive = 0;
        for (ServerView server : scheduler.fleet()) {
            servers.add(server(server, admin));
            if (server.state() != ServerView.State.DEAD) {
                alive++;
                rooms += server.rooms().size();
                users += server.users();
                connections += server.connections();
            }
        }
        HttpJson.send(exchange, 200, Json.object()
                .add("scheduler", schedulerName)
                .add("admin", admin)
                .add("servers", servers)
                .add("totals", Json.object().add("servers", alive).add("rooms", rooms).add("users", users)
                        .add("connections", connections)));
    }

    private static JsonObject server(ServerView server, boolean admin) {
        JsonArray roomList = Json.array();
        for (ServerView.RoomView room : server.rooms()) {
            JsonObject entry = Json.object();
            if (admin) {
                entry.add("roomId", room.roomId());
            }
            roomList.add(entry.add("users", room.users()).add("connections", room.connections()));
        }
        return Json.object()
                .add("host", server.host())
                .add("state", server.state().name().toLowerCase(Locale.ROOT))
                .add("rooms", server.rooms().size())
                .add("maxRooms", server.maxRooms())
                .add("users", server.users())
                .add("connections", server.connections())
                .add("roomList", roomList);
    }

    private boolean isAdmin(String bearer) {
        return bearer != null && adminToken.isPresent()
                && MessageDigest.isEqual(adminToken.get(), bearer.getBytes(StandardCharsets.UTF_8));
    }
}
