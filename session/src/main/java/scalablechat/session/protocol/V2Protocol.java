package scalablechat.session.protocol;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;

import java.util.Collection;
import java.util.List;

/**
 * The {@code scalable-chat.v2} protocol: JSON text frames. Server to client: welcome, message,
 * join, leave, typing, ping, history, error. Client to server: send, typing, history.
 */
public final class V2Protocol {
    static final String TOO_LONG = "too_long";
    static final String EMPTY = "empty";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String BAD_FRAME = "bad_frame";
    /** The room's log could not store the message (disk full or unwritable); it took no id. */
    public static final String STORAGE_FAILED = "storage_failed";
    /** The room's log reached MAX_ROOM_LOG_BYTES: final for this room, unlike storage_failed. */
    public static final String ROOM_LOG_FULL = "room_log_full";
    /** Longest client id of a message; it only has to tell a sender's own messages apart. */
    static final int MAX_CID_LENGTH = 64;
    /** The most messages one history answer carries, whatever the request's limit asks for. */
    public static final int HISTORY_PAGE_MESSAGES = 100;
    /** The room cannot answer now (it is not open on this server, or the server is stopping). */
    public static final String UNAVAILABLE = "unavailable";
    /** A history request came while this connection's previous one was still being answered. */
    public static final String BUSY = "busy";
    /** The request field of an error about a history request, which is not the answer to any send. */
    static final String HISTORY = "history";

    /** What a client frame asked for. */
    public sealed interface ClientFrame permits Send, Typing, History, Invalid {}

    /** {@code {"type":"send","text":"...","cid":"..."}}; cid is null when absent. */
    public record Send(String text, String cid) implements ClientFrame {}

    /** {@code {"type":"typing"}}: the user is typing; passed on to the others, never stored. */
    public record Typing() implements ClientFrame {}

    /**
     * {@code {"type":"history","before":id,"limit":n}}: the page of messages just before {@code before}; limit is
     * optional, and no answer carries more than {@link #HISTORY_PAGE_MESSAGES}.
     */
    public record History(long before, int limit) implements ClientFrame {}

    /** A frame that is not a valid request: answered with an error frame; {@code request} is null or "history". */
    public record Invalid(String code, String message, String request) implements ClientFrame {
        public Invalid(String code, String message) {
            this(code, message, null);
        }
    }

    private V2Protocol() {}

    public static ClientFrame parse(String frame) {
        JsonValue value;
        try {
            value = Json.parse(frame);
        } catch (ParseException e) {
            return new Invalid(BAD_FRAME, "frame is not valid JSON");
        }
        if (!value.isObject()) {
            return new Invalid(BAD_FRAME, "frame must be a JSON object");
        }
        JsonObject object = value.asObject();
        JsonValue type = object.get("type");
        if (type == null || !type.isString()) {
            return new Invalid(BAD_FRAME, "frame needs a string field type");
        }
        if ("typing".equals(type.asString())) {
            return new Typing();
        }
        if (HISTORY.equals(type.asString())) {
            return parseHistory(object);
        }
        if (!"send".equals(type.asString())) {
            return new Invalid(BAD_FRAME, "unknown frame type");
        }
        JsonValue text = object.get("text");
        if (text == null || !text.isString()) {
            return new Invalid(BAD_FRAME, "send needs a string field text");
        }
        JsonValue cid = object.get("cid");
        if (cid == null || cid.isNull()) {
            return new Send(text.asString(), null);
        }
        if (!cid.isString() || cid.asString().isEmpty() || cid.asString().length() > MAX_CID_LENGTH) {
            return new Invalid(BAD_FRAME, "cid must be a string of 1 to " + MAX_CID_LENGTH + " characters");
        }
        return new Send(text.asString(), cid.asString());
    }

    private static ClientFrame parseHistory(JsonObject object) {
        long before = wholeNumber(object.get("before"));
        if (before < 1) {
            return new Invalid(BAD_FRAME, "history needs a field before: a message id of 1 or more", HISTORY);
        }
        JsonValue limitValue = object.get("limit");
        long limit = limitValue == null || limitValue.isNull() ? HISTORY_PAGE_MESSAGES : wholeNumber(limitValue);
        if (limit < 1) {
            return new Invalid(BAD_FRAME, "history's limit must be a whole number of 1 or more", HISTORY);
        }
        return new History(before, (int) Math.min(limit, HISTORY_PAGE_MESSAGES));
    }

    /** A JSON number written as a whole number that fits a long (as ids are); -1 for anything else. */
    private static long wholeNumber(JsonValue value) {
        if (value == null || !value.isNumber()) {
            return -1;
        }
        try {
            return Long.parseLong(value.toString()); // minimal-json keeps the number as written: 1.5 and 1e3 fail here
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Sent to every v2 connection each HEARTBEAT_SECONDS, so a client can tell a live server from a frozen one. */
    public static final String PING = "{\"type\":\"ping\"}";

    /**
     * The first frame: who is here, the messages to show, and the limits a polite client keeps to: a heartbeat
     * every {@code heartbeatSeconds}, and sends paced to {@code sendRatePerSecond} with bursts of {@code sendBurst}.
     */
    public static String welcome(String roomId, String userId, Collection<String> users, List<ChatMessage> messages,
                          boolean recovered, int heartbeatSeconds, int sendRatePerSecond, int sendBurst) {
        StringBuilder out = new StringBuilder(128 + messages.size() * 128);
        out.append("{\"type\":\"welcome\",\"roomId\":").append(Json.value(roomId))
                .append(",\"userId\":").append(Json.value(userId))
                .append(",\"users\":").append(stringArray(users))
                .append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(messages.get(i).v2Json());
        }
        return out.append("],\"recovered\":").append(recovered)
                .append(",\"heartbeatSeconds\":").append(heartbeatSeconds)
                .append(",\"sendRatePerSecond\":").append(sendRatePerSecond)
                .append(",\"sendBurst\":").append(sendBurst).append('}').toString();
    }

    static String message(ChatMessage message) {
        JsonObject out = Json.object()
                .add("type", "message")
                .add("id", message.id())
                .add("userId", message.userId())
                .add("text", message.text())
                .add("ts", message.timestamp());
        if (message.cid() != null) {
            out.add("cid", message.cid());
        }
        return out.toString();
    }

    /** The answer to a history request: up to a page of messages before {@code before}, oldest first. */
    public static String history(long before, List<ChatMessage> messages, boolean more) {
        StringBuilder out = new StringBuilder(64 + messages.size() * 128);
        out.append("{\"type\":\"history\",\"before\":").append(before).append(",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(messages.get(i).v2Json());
        }
        return out.append("],\"more\":").append(more).append('}').toString();
    }

    /** An error about a history request: it carries {@code "request":"history"}, so no client takes it for a send's. */
    public static String historyError(String code, String message) {
        return Json.object().add("type", "error").add("code", code).add("message", message)
                .add("request", HISTORY).toString();
    }

    public static String join(String userId) {
        return Json.object().add("type", "join").add("userId", userId).toString();
    }

    public static String typing(String userId) {
        return Json.object().add("type", "typing").add("userId", userId).toString();
    }

    public static String leave(String userId) {
        return Json.object().add("type", "leave").add("userId", userId).toString();
    }

    public static String error(String code, String message) {
        return error(code, message, null);
    }

    /** An error about the send that carried {@code cid} (null: none, or not known). */
    public static String error(String code, String message, String cid) {
        JsonObject out = Json.object().add("type", "error").add("code", code).add("message", message);
        if (cid != null) {
            out.add("cid", cid);
        }
        return out.toString();
    }

    static String stringArray(Collection<String> values) {
        JsonArray array = Json.array();
        for (String value : values) {
            array.add(value);
        }
        return array.toString();
    }
}
