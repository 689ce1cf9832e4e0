package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * One Agones GameServer as the scheduler needs it, read from the Kubernetes API's JSON (where int64 values are
 * numbers): its name, state, the address and the port named {@code ws} clients dial, whether it is draining, and
 * its rooms list. {@code status.lists.<list>.values} is absent until the list first changes: then no rooms.
 */
record GameServer(String name, String state, String address, int wsPort, boolean draining, int capacity,
                  List<String> rooms) {
    /** The label the SDK's {@code PUT /metadata/label {"key":"draining"}} sets. */
    static final String DRAINING_LABEL = "agones.dev/sdk-draining";
    static final String WS_PORT = "ws";

    /** Serving or able to serve: Ready or Allocated (Agones' other states are on their way in or out). */
    boolean isUp() {
        return "Ready".equals(state) || "Allocated".equals(state);
    }

    /** {@code address:port} for clients, or null while Agones has not given it one yet. */
    String host() {
        if (address == null || address.isEmpty() || wsPort <= 0) {
            return null;
        }
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + wsPort;
    }

    static GameServer fromJson(JsonObject object, String listName) {
        JsonObject metadata = object(object.get("metadata"));
        JsonObject labels = object(metadata.get("labels"));
        JsonObject status = object(object.get("status"));
        int port = 0;
        JsonValue ports = status.get("ports");
        if (ports != null && ports.isArray()) {
            for (JsonValue entry : ports.asArray()) {
                JsonObject p = object(entry);
                if (WS_PORT.equals(p.getString("name", "")) && p.get("port") != null && p.get("port").isNumber()) {
                    port = p.get("port").asInt();
                }
            }
        }
        JsonObject list = object(object(status.get("lists")).get(listName));
        List<String> rooms = new ArrayList<>();
        JsonValue values = list.get("values");
        if (values != null && values.isArray()) {
            for (JsonValue value : values.asArray()) {
                if (value.isString()) {
                    rooms.add(value.asString());
                }
            }
        }
        JsonValue capacity = list.get("capacity");
        return new GameServer(metadata.getString("name", ""), status.getString("state", ""),
                status.getString("address", ""), port, "true".equals(labels.getString(DRAINING_LABEL, "")),
                capacity != null && capacity.isNumber() ? capacity.asInt() : 0, List.copyOf(rooms));
    }

    static JsonObject object(JsonValue value) {
        return value != null && value.isObject() ? value.asObject() : new JsonObject();
    }
}
