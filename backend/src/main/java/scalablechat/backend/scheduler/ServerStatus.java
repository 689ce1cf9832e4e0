package scalablechat.backend.scheduler;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** What a session server's {@code GET /internal/status} said about itself. */
record ServerStatus(boolean draining, int rooms, int maxRooms, List<ServerView.RoomView> roomList) {

    static ServerStatus parse(JsonObject body) {
        List<ServerView.RoomView> rooms = new ArrayList<>();
        JsonValue list = body.get("roomList");
        if (list != null && list.isArray()) {
            for (JsonValue item : list.asArray()) {
                JsonObject room = item.asObject();
                rooms.add(new ServerView.RoomView(room.getString("roomId", ""),
                        room.getInt("users", 0), room.getInt("connections", 0)));
            }
        }
        return new ServerStatus("draining".equals(body.getString("state", "ready")),
                body.getInt("rooms", rooms.size()), body.getInt("maxRooms", 0), List.copyOf(rooms));
    }

    boolean full() {
        return maxRooms > 0 && rooms >= maxRooms;
    }
}
