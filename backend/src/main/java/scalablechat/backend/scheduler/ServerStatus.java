package scalablechat.backend.scheduler;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** What a session server says about itself on {@code GET /internal/status}. */
public record ServerStatus(boolean draining, int rooms, int maxRooms, List<ServerView.RoomView> roomList, Traffic traffic) {
    ServerStatus(boolean draining, int rooms, int maxRooms, List<ServerView.RoomView> roomList) {
        this(draining, rooms, maxRooms, roomList, Traffic.NONE);
    }

    public boolean hasRoomForMore() {
        return !draining && rooms < maxRooms;
    }

    /** Throws UnsupportedOperationException or NullPointerException on a malformed answer. */
    static ServerStatus fromJson(JsonObject json) {
        List<ServerView.RoomView> rooms = new ArrayList<>();
        JsonValue list = json.get("roomList");
        if (list != null && list.isArray()) {
            for (JsonValue item : list.asArray()) {
                JsonObject room = item.asObject();
                rooms.add(new ServerView.RoomView(room.getString("roomId", ""),
                        room.getInt("users", 0), room.getInt("connections", 0)));
            }
        }
        return new ServerStatus("draining".equals(json.getString("state", "ready")),
                json.get("rooms").asInt(), json.get("maxRooms").asInt(), List.copyOf(rooms), Traffic.fromJson(json.get("traffic")));
    }
}
