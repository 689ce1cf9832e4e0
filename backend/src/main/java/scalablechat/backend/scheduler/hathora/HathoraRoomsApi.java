package scalablechat.backend.scheduler.hathora;

import com.eclipsesource.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * The two calls of Hathora's Rooms v2 API the scheduler needs, over one shared {@link HttpClient}.
 * It only speaks HTTP: retrying and waiting are the scheduler's decisions.
 */
final class HathoraRoomsApi implements AutoCloseable {
    private final HathoraConfig config;
    private final HttpClient client;

    HathoraRoomsApi(HathoraConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect must not carry the token elsewhere
                .build();
    }

    /** {@code POST /rooms/v2/{appId}/create?roomId=…} with {@code {"region": …}}; 201 on success. */
    HathoraReply createRoom(String roomId, Duration timeout) throws IOException, InterruptedException {
        String body = Json.object().add("region", config.region()).toString();
        HttpRequest request = request("/create?roomId=" + roomId, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /**
     * {@code GET /rooms/v2/{appId}/connectioninfo/{roomId}}; 200 with an {@code exposedPort} once the
     * room is active. Hathora doesn't require the token here; it goes along anyway, to the same host.
     */
    HathoraReply connectionInfo(String roomId, Duration timeout) throws IOException, InterruptedException {
        return send(request("/connectioninfo/" + roomId, timeout).GET().build());
    }

    @Override
    public void close() {
        client.shutdownNow();
    }

    /** The ids in the path were checked against {@code [A-Za-z0-9_-]}, so they need no escaping. */
    private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(config.apiBase() + "/rooms/v2/" + config.appId() + pathAndQuery))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + config.token());
    }

    private HathoraReply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        String text = response.body() == null ? "" : response.body().replace(config.token(), "(hidden)");
        return HathoraReply.of(response.statusCode(), text,
                response.headers().firstValue("Retry-After").orElse(null), Instant.now());
    }
}
