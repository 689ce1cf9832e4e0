package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

/** The {@code scalable-chat.v2} protocol: one small JSON event per frame. */
final class V2Frames implements FrameReader {
    @Override
    public void read(CharSequence frame, ChatConnection receiver) {
        JsonValue value = Json.parse(frame.toString());
        if (!value.isObject()) {
            receiver.badFrame();
            return;
        }
        JsonObject event = value.asObject();
        switch (string(event, "type")) {
            case "welcome" -> receiver.welcomed();
            case "message" -> {
                Marker marker = Marker.find(string(event, "text"));
                if (marker != null) {
                    receiver.delivered(marker);
                }
            }
            case "error" -> receiver.serverError(string(event, "code"));
            case "join", "leave" -> { }
            default -> receiver.badFrame();
        }
    }

    private static String string(JsonObject event, String name) {
        JsonValue value = event.get(name);
        return value != null && value.isString() ? value.asString() : "";
    }
}
