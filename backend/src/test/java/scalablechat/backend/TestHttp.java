package scalablechat.backend;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for tests: JSON calls through java.net.http, and raw bytes through a socket. */
public final class TestHttp {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

    private final int port;

    public TestHttp(int port) {
        this.port = port;
    }

    public record Reply(int status, java.net.http.HttpHeaders headers, String body) {
        public JsonObject json() {
            JsonValue value = Json.parse(body);
            return value.asObject();
        }

        public String error() {
            return json().getString("error", null);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Reply get(String path, String token) throws IOException, InterruptedException {
        return send(builder(path, token).GET());
    }

    public Reply post(String path, String body, String token) throws IOException, InterruptedException {
        return send(builder(path, token).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    /** An empty POST with one extra header, as a proxy in front would add it. */
    public Reply postWithHeader(String path, String token, String header, String value)
            throws IOException, InterruptedException {
        return send(builder(path, token).POST(HttpRequest.BodyPublishers.noBody()).header(header, value));
    }

    /** POSTs without a Content-Length (chunked), as a streaming client would. */
    public Reply postChunked(String path, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(builder(path, null).POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(bytes))));
    }

    public Reply method(String method, String path, String token) throws IOException, InterruptedException {
        return send(builder(path, token).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public String login(String userId) throws IOException, InterruptedException {
        Reply reply = post("/api/login", Json.object().add("userId", userId).toString(), null);
        if (reply.status != 200) {
            throw new AssertionError("login failed: " + reply);
        }
        return reply.json().getString("token", null);
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers(), response.body());
    }

    /** Sends {@code request} as it is (no client-side normalising) and returns everything the server sent. */
    public String raw(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** GETs {@code rawPath} byte for byte and returns the status code. */
    public int rawGetStatus(String rawPath) throws IOException {
        String answer = raw("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String[] statusLine = answer.split("\r\n", 2)[0].split(" ");
        return Integer.parseInt(statusLine[1]);
    }
}
