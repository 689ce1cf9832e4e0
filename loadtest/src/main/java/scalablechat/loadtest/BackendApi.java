package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The backend's public HTTP API, exactly as a browser client uses it. */
final class BackendApi implements AutoCloseable {
    /** Where a room lives and the token that lets one user into it. */
    record Placement(String host, String token) {
        URI webSocketUri() {
            return URI.create("ws://" + host + "/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
    }

    /** Retries of a request the backend answered 503 with a short Retry-After. */
    static final int RETRIES_AFTER_503 = 2;
    /** Longer Retry-After values mean "full", which waiting a little does not change. */
    static final long MAX_RETRY_AFTER_SECONDS = 5;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    BackendApi(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        // HTTP/1.1 on purpose: the default would offer an h2c upgrade on every new connection.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    /** POST /api/login: a user token. */
    String login(String userId) {
        JsonObject body = call(HttpRequest.newBuilder(base.resolve("/api/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.object().add("userId", userId).toString())),
                "POST /api/login");
        return requiredString(body, "token", "POST /api/login");
    }

    /** POST /api/rooms: a new room's id. */
    String createRoom(String userToken) {
        JsonObject body = call(HttpRequest.newBuilder(base.resolve("/api/rooms"))
                .header("Authorization", "Bearer " + userToken)
                .POST(HttpRequest.BodyPublishers.noBody()), "POST /api/rooms");
        return requiredString(body, "roomId", "POST /api/rooms");
    }

    /** GET /api/rooms/{id}: the room's session server and a session token for this user. */
    Placement lookup(String userToken, String roomId) {
        String what = "GET /api/rooms/" + roomId;
        JsonObject body = call(HttpRequest.newBuilder(
                base.resolve("/api/rooms/" + URLEncoder.encode(roomId, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + userToken).GET(), what);
        JsonValue host = body.get("host");
        if (host == null || !host.isString()) {
            throw new LoadException(what + " named no session server: " + body);
        }
        String hostName = host.asString();
        Loopback.requireHostPort(hostName);
        JsonValue scheme = body.get("scheme");
        if (scheme != null && !(scheme.isString() && scheme.asString().equals("ws"))) {
            throw new LoadException(what + " asks for " + scheme + ": the tool speaks plain ws:// on loopback only");
        }
        return new Placement(hostName, requiredString(body, "token", what));
    }

    /**
     * Sends the request; a 503 whose {@code Retry-After} is short (a session server that did not answer in time,
     * as a browser would see it) is retried, at most {@link #RETRIES_AFTER_503} times. A long one (every server
     * full) fails at once.
     */
    private JsonObject call(HttpRequest.Builder builder, String what) {
        HttpRequest request = builder.timeout(timeout).build();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new LoadException(what + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException(what + " interrupted", e);
            }
            long retryAfter = response.headers().firstValueAsLong("Retry-After").orElse(-1);
            if (response.statusCode() == 503 && attempt < RETRIES_AFTER_503
                    && retryAfter >= 0 && retryAfter <= MAX_RETRY_AFTER_SECONDS) {
                LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(Math.max(1, retryAfter)));
                continue;
            }
            if (response.statusCode() != 200) {
                throw new LoadException(what + " answered " + response.statusCode() + ": " + response.body());
            }
            try {
                return Json.parse(response.body()).asObject();
            } catch (RuntimeException e) {
                throw new LoadException(what + " answered something that is not a JSON object: " + response.body());
            }
        }
    }

    private static String requiredString(JsonObject body, String name, String what) {
        JsonValue value = body.get(name);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw new LoadException(what + " answered without \"" + name + "\": " + body);
        }
        return value.asString();
    }
}
