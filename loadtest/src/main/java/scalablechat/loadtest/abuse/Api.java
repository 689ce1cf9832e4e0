package scalablechat.loadtest.abuse;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The backend's public API, as any client reaches it. */
final class Api implements AutoCloseable {
    /** An answer: its status, body and Retry-After (or null). */
    record Reply(int status, String body, String retryAfter) {
        JsonObject json() {
            return Json.parse(body).asObject();
        }

        String error() {
            try {
                return json().getString("error", "");
            } catch (RuntimeException notJson) {
                return "";
            }
        }
    }

    /** Where a room lives, and the session token to join it. */
    record Placement(String host, String token, String scheme) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    Reply send(String method, String path, String body, String token, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    String login(String userId) throws IOException {
        Reply reply = send("POST", "/api/login", Json.object().add("userId", userId).toString(), null);
        if (reply.status() != 200) {
            throw new IOException("login " + userId + ": " + reply.status() + " " + reply.body());
        }
        return reply.json().getString("token", null);
    }

    /** Creates a room as {@code token}'s user, as seen from {@code forwardedFor} behind a local proxy when not null. */
    Reply createRoom(String token, String forwardedFor) throws IOException {
        return forwardedFor == null ? send("POST", "/api/rooms", "{}", token)
                : send("POST", "/api/rooms", "{}", token, "X-Forwarded-For", forwardedFor);
    }

    Placement lookup(String token, String roomId) throws IOException {
        Reply reply = send("GET", "/api/rooms/" + roomId, null, token);
        if (reply.status() != 200) {
            throw new IOException("lookup " + roomId + ": " + reply.status() + " " + reply.body());
        }
        JsonObject json = reply.json();
        JsonValue host = json.get("host");
        if (host == null || host.isNull()) {
            throw new IOException("room " + roomId + " is unknown");
        }
        return new Placement(host.asString(), json.getString("token", null), json.getString("scheme", "ws"));
    }

    @Override
    public void close() {
        http.close();
    }
}
