package scalablechat.common.contract;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The session server's internal HTTP API, on its internal port: what a backend asks it, with an internal token
 * (docs/API.md). The session server answers with these paths and records, and the backend reads them with the same,
 * so the two sides cannot disagree on a path or a field.
 */
public final class InternalApi {
    /** Every path below starts with it and needs {@code Authorization: Bearer <internal token>}. */
    public static final String PREFIX = "/internal/";
    /** GET: {@link Status}. */
    public static final String STATUS = PREFIX + "status";
    /** POST: starts the graceful drain; 202 {@code {"state":"draining"}}. */
    public static final String DRAIN = PREFIX + "drain";
    /**
     * Followed by a room id. PUT admits the room (200 {@link Admitted}; 503 with {@link #DRAINING}, {@link #FULL}
     * or {@link #STILL_LOADING} in its error; 409 when another process holds its log). GET: 200 {@link OpenRoom},
     * or 404 {@link RoomNotOpen}.
     */
    public static final String ROOMS = PREFIX + "rooms/";
    /** Unauthenticated, for supervisors: 200 while the server can serve, 503 with a reason once it cannot. */
    public static final String HEALTHZ = "/healthz";
    /** Unauthenticated: 200 while it takes rooms, 503 while starting, draining or broken. */
    public static final String READYZ = "/readyz";
    /** Prometheus text; behind METRICS_TOKEN when set. */
    public static final String METRICS = "/metrics";

    /** Errors of a refused admission that the backend tells apart. */
    public static final String DRAINING = "server draining";
    public static final String FULL = "server full";
    public static final String STILL_LOADING = "still loading";

    private InternalApi() {}

    public static String room(String roomId) {
        return ROOMS + roomId;
    }

    /** One open room in a {@link Status}. */
    public record RoomEntry(String roomId, int users, int connections) {}

    /**
     * Counters since the server started, which the backend turns into the fleet page's rates and quantiles:
     * messages stored, deliveries, and the cumulative bucket counts of its delivery latency
     * ({@code counts} has one more entry than {@code le}, for +Inf).
     */
    public record Traffic(long messagesStored, long deliveries, double[] le, long[] counts) {}

    /** {@code GET /internal/status}. */
    public record Status(String host, boolean draining, int maxRooms, int users, int connections,
                         List<RoomEntry> roomList, Traffic traffic) {
        public Status {
            roomList = List.copyOf(roomList);
        }

        public int rooms() {
            return roomList.size();
        }

        public JsonObject toJson() {
            JsonArray list = Json.array();
            for (RoomEntry room : roomList) {
                list.add(Json.object().add("roomId", room.roomId()).add("users", room.users())
                        .add("connections", room.connections()));
            }
            JsonArray bounds = Json.array();
            for (double bound : traffic.le()) {
                bounds.add(bound);
            }
            JsonArray counts = Json.array();
            for (long count : traffic.counts()) {
                counts.add(count);
            }
            return Json.object()
                    .add("host", host)
                    .add("state", draining ? "draining" : "ready")
                    .add("rooms", rooms())
                    .add("maxRooms", maxRooms)
                    .add("users", users)
                    .add("connections", connections)
                    .add("roomList", list)
                    .add("traffic", Json.object()
                            .add("messagesStored", traffic.messagesStored())
                            .add("deliveries", traffic.deliveries())
                            .add("deliveryLatency", Json.object().add("le", bounds).add("counts", counts)));
        }

        /**
         * Reads a status answer; a missing or malformed {@code traffic} (an older server) reads as null.
         * Throws UnsupportedOperationException or NullPointerException when the rest is malformed.
         */
        public static Status fromJson(JsonObject json) {
            List<RoomEntry> rooms = new ArrayList<>();
            JsonValue list = json.get("roomList");
            if (list != null && list.isArray()) {
                for (JsonValue item : list.asArray()) {
                    JsonObject room = item.asObject();
                    rooms.add(new RoomEntry(room.getString("roomId", ""), room.getInt("users", 0),
                            room.getInt("connections", 0)));
                }
            }
            json.get("rooms").asInt(); // required, though the list says it too
            return new Status(json.getString("host", null), "draining".equals(json.getString("state", "ready")),
                    json.get("maxRooms").asInt(), json.getInt("users", 0), json.getInt("connections", 0), rooms,
                    trafficOf(json.get("traffic")));
        }

        private static Traffic trafficOf(JsonValue value) {
            if (value == null || !value.isObject()) {
                return null;
            }
            try {
                JsonObject traffic = value.asObject();
                JsonObject latency = traffic.get("deliveryLatency").asObject();
                double[] bounds = latency.get("le").asArray().values().stream().mapToDouble(JsonValue::asDouble).toArray();
                long[] counts = latency.get("counts").asArray().values().stream().mapToLong(JsonValue::asLong).toArray();
                if (counts.length != bounds.length + 1) {
                    return null;
                }
                return new Traffic(traffic.get("messagesStored").asLong(), traffic.get("deliveries").asLong(),
                        bounds, counts);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** 200 to {@code PUT /internal/rooms/{id}}: the room is open here; {@code created} when this call opened it. */
    public record Admitted(String roomId, boolean created) {
        public JsonObject toJson() {
            return Json.object().add("roomId", roomId).add("created", created);
        }
    }

    /** 200 to {@code GET /internal/rooms/{id}}. */
    public record OpenRoom(String roomId, int users) {
        public JsonObject toJson() {
            return Json.object().add("roomId", roomId).add("open", true).add("users", users);
        }
    }

    /** 404 to {@code GET /internal/rooms/{id}}: not open here; {@code stored} when its history is on this server's disk. */
    public record RoomNotOpen(boolean stored) {
        public JsonObject toJson() {
            return Json.object().add("error", "room not open here").add("stored", stored);
        }

        public static RoomNotOpen fromJson(JsonObject json) {
            return new RoomNotOpen(json.getBoolean("stored", false));
        }
    }
}
