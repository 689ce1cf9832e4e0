package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Agones SDK sidecar's REST API ({@code http://localhost:$AGONES_SDK_HTTP_PORT}) as this server uses it, over
 * {@code java.net.http}. The SDK's JSON is snake_case with int64 values as strings. List operations answer an
 * absent value (or a full list, a duplicate) with HTTP 500 and {@code {"code":2,"message":"not found: ..."}}.
 * Lists are an Agones beta feature (on by default since 1.41).
 */
public final class AgonesSdk {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** A list call the sidecar refused for the value itself (absent, present already, list full): not worth a retry. */
    static final class ValueRefusedException extends IOException {
        ValueRefusedException(String message) {
            super(message);
        }
    }

    record RoomsList(int capacity, List<String> values) {}

    private final URI base;
    private final String list;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    AgonesSdk(int port, String list) {
        this.base = URI.create("http://localhost:" + port);
        this.list = list;
    }

    void ready() throws IOException {
        call("POST", "/ready", Json.object());
    }

    void health() throws IOException {
        call("POST", "/health", Json.object());
    }

    void shutdown() throws IOException {
        call("POST", "/shutdown", Json.object());
    }

    /** {@code PUT /metadata/label}: the GameServer gets the label {@code agones.dev/sdk-<key>}. */
    void label(String key, String value) throws IOException {
        call("PUT", "/metadata/label", Json.object().add("key", key).add("value", value));
    }

    /** {@code host:port} clients reach this server at (status.address and the port named ws), or null until set. */
    String publicHost() throws IOException {
        JsonObject status = object(call("GET", "/gameserver", null).get("status"));
        String address = status.getString("address", "");
        String port = null;
        JsonValue ports = status.get("ports");
        if (ports != null && ports.isArray()) {
            for (JsonValue entry : ports.asArray()) {
                if ("ws".equals(object(entry).getString("name", ""))) {
                    JsonValue p = object(entry).get("port");
                    port = p == null ? null : p.isString() ? p.asString() : p.toString();
                }
            }
        }
        if (address.isEmpty() || port == null || port.isEmpty() || "0".equals(port)) {
            return null;
        }
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    RoomsList rooms() throws IOException {
        JsonObject answer = call("GET", "/v1beta1/lists/" + list, null);
        JsonValue capacity = answer.get("capacity");
        int cap = capacity == null ? 0 : capacity.isString() ? Integer.parseInt(capacity.asString()) : capacity.asInt();
        List<String> values = new ArrayList<>();
        JsonValue items = answer.get("values");
        if (items != null && items.isArray()) {
            for (JsonValue item : items.asArray()) {
                values.add(item.asString());
            }
        }
        return new RoomsList(cap, List.copyOf(values));
    }

    void addRoom(String roomId) throws IOException {
        call("POST", "/v1beta1/lists/" + list + ":addValue", Json.object().add("value", roomId));
    }

    void removeRoom(String roomId) throws IOException {
        call("POST", "/v1beta1/lists/" + list + ":removeValue", Json.object().add("value", roomId));
    }

    private JsonObject call(String method, String path, JsonObject body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted calling the Agones SDK");
        }
        JsonObject answer = parse(response.body());
        if (response.statusCode() == 200) {
            return answer;
        }
        String message = answer.getString("message", response.body());
        JsonValue code = answer.get("code");
        if (response.statusCode() == 500 && code != null && code.isNumber() && code.asInt() == 2 && path.startsWith("/v1beta1/lists/")) {
            throw new ValueRefusedException(message);
        }
        throw new IOException("Agones SDK " + method + " " + path + " answered " + response.statusCode() + ": " + message);
    }

    private static JsonObject parse(String body) {
        try {
            JsonValue value = body == null || body.isBlank() ? null : Json.parse(body);
            return value != null && value.isObject() ? value.asObject() : new JsonObject();
        } catch (ParseException e) {
            return new JsonObject();
        }
    }

    private static JsonObject object(JsonValue value) {
        return value != null && value.isObject() ? value.asObject() : new JsonObject();
    }
}
