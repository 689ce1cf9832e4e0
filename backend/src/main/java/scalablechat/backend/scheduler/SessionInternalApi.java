package scalablechat.backend.scheduler;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import scalablechat.common.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls to a session server's internal HTTP port (see docs/ARCHITECTURE.md), signed with a fresh
 * internal token each time. Any network failure or unexpected answer is an {@link IOException}:
 * callers treat the server as unreachable.
 */
final class SessionInternalApi {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);

    /** How a server answered a request to open a room. */
    enum Admission {
        /** The room is open there now (it may have been already). */
        ADMITTED,
        /** The server hosts {@code ROOMS_PER_SERVER} rooms already. */
        FULL,
        /** The server is draining and takes no rooms. */
        DRAINING,
        /** Another process holds the room's log: it is still hosted elsewhere. */
        HELD_ELSEWHERE
    }

    /** {@code GET /internal/rooms/{id}}: open on this server, and whether its history is on disk. */
    record RoomPresence(boolean open, boolean stored) {
        boolean exists() {
            return open || stored;
        }
    }

    private final Tokens tokens;
    private final HttpClient http;

    SessionInternalApi(Tokens tokens) {
        this.tokens = tokens;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    boolean ready(URI base) {
        try {
            return send(base, "GET", "/readyz", false).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    ServerStatus status(URI base) throws IOException {
        HttpResponse<String> response = send(base, "GET", "/internal/status", true);
        expect(response, 200);
        return ServerStatus.parse(json(response));
    }

    Admission admit(URI base, String roomId) throws IOException {
        HttpResponse<String> response = send(base, "PUT", "/internal/rooms/" + roomId, true);
        return switch (response.statusCode()) {
            case 200, 201 -> Admission.ADMITTED;
            case 409 -> Admission.HELD_ELSEWHERE;
            case 503 -> json(response).getString("error", "").contains("draining")
                    ? Admission.DRAINING : Admission.FULL;
            default -> throw unexpected(response);
        };
    }

    RoomPresence room(URI base, String roomId) throws IOException {
        HttpResponse<String> response = send(base, "GET", "/internal/rooms/" + roomId, true);
        return switch (response.statusCode()) {
            case 200 -> new RoomPresence(true, true);
            case 404 -> new RoomPresence(false, booleanField(json(response), "stored"));
            default -> throw unexpected(response);
        };
    }

    void drain(URI base) throws IOException {
        HttpResponse<String> response = send(base, "POST", "/internal/drain", true);
        if (response.statusCode() != 202 && response.statusCode() != 200) {
            throw unexpected(response);
        }
    }

    private HttpResponse<String> send(URI base, String method, String path, boolean authorized) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorized) {
            request.header("Authorization", "Bearer " + tokens.internalToken());
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + base, e);
        }
    }

    private static void expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            throw unexpected(response);
        }
    }

    private static JsonObject json(HttpResponse<String> response) throws IOException {
        try {
            JsonValue value = Json.parse(response.body());
            if (value.isObject()) {
                return value.asObject();
            }
        } catch (ParseException e) {
            // reported below, with the request it came from
        }
        throw new IOException("not a JSON object from " + response.uri());
    }

    private static boolean booleanField(JsonObject body, String name) {
        JsonValue value = body.get(name);
        return value != null && value.isBoolean() && value.asBoolean();
    }

    private static IOException unexpected(HttpResponse<String> response) {
        String body = response.body();
        if (body.length() > 200) {
            body = body.substring(0, 200) + "...";
        }
        return new IOException(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + " " + body);
    }
}
