package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Agones SDK sidecar of one GameServer, on loopback, as Agones documents its REST API: JSON in snake_case with
 * int64 values as strings; list operations that fail for the value (absent, present, full) answer HTTP 500 with
 * {@code {"code":2,"message":"not found: ..."}}; unknown routes 404 with code 5. What it is told reaches the
 * GameServer in {@link FakeAgones}, as the real sidecar's calls reach the Kubernetes API.
 */
public final class FakeSdkSidecar implements AutoCloseable {
    private final FakeAgones agones;
    private final String name;
    private final HttpServer http;
    private final AtomicLong lastHealthNanos = new AtomicLong();
    private final AtomicInteger healthCalls = new AtomicInteger();
    private volatile boolean failing;

    public FakeSdkSidecar(FakeAgones agones, String gameServerName) throws IOException {
        this.agones = agones;
        this.name = gameServerName;
        // The JDK reads its HTTP server limits once, at the first server of the JVM: the tests' limits must be set first.
        scalablechat.backend.TestServers.applyHttpServerLimits();
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public int healthCalls() {
        return healthCalls.get();
    }

    /** Every call answers 503 while set: a sidecar that is down or slow to start. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (failing) {
                send(exchange, 503, Json.object().add("code", 14).add("message", "unavailable"));
                return;
            }
            switch (method + " " + path) {
                case "POST /ready" -> {
                    agones.markReady(name);
                    send(exchange, 200, Json.object());
                }
                case "POST /health" -> {
                    healthCalls.incrementAndGet();
                    lastHealthNanos.set(System.nanoTime());
                    send(exchange, 200, Json.object());
                }
                case "POST /shutdown" -> {
                    agones.shutDown(name);
                    send(exchange, 200, Json.object());
                }
                case "GET /gameserver" -> {
                    JsonObject view = agones.sdkView(name);
                    send(exchange, view == null ? 500 : 200, view == null ? Json.object().add("code", 2).add("message", "gameserver not found") : view);
                }
                case "PUT /metadata/label" -> {
                    JsonObject label = Json.parse(body).asObject();
                    agones.setLabel(name, "agones.dev/sdk-" + label.getString("key", ""), label.getString("value", ""));
                    send(exchange, 200, Json.object());
                }
                case "GET /v1beta1/lists/rooms" -> {
                    JsonArray values = Json.array();
                    agones.rooms(name).forEach(values::add);
                    send(exchange, 200, Json.object().add("name", "rooms")
                            .add("capacity", Long.toString(agones.capacity(name))).add("values", values));
                }
                case "POST /v1beta1/lists/rooms:addValue" -> {
                    String value = Json.parse(body).asObject().getString("value", "");
                    if (agones.addRoom(name, value)) {
                        send(exchange, 200, Json.object().add("name", "rooms"));
                    } else {
                        send(exchange, 500, Json.object().add("code", 2).add("message", "already exists: value " + value
                                + " already in list rooms, or the list is at capacity").add("details", Json.array()));
                    }
                }
                case "POST /v1beta1/lists/rooms:removeValue" -> {
                    String value = Json.parse(body).asObject().getString("value", "");
                    if (agones.removeRoom(name, value)) {
                        send(exchange, 200, Json.object().add("name", "rooms"));
                    } else {
                        send(exchange, 500, Json.object().add("code", 2).add("message", "not found: value " + value
                                + " not in list rooms").add("details", Json.array()));
                    }
                }
                default -> send(exchange, 404, Json.object().add("code", 5).add("message", "Not Found"));
            }
        }
    }

    private static void send(HttpExchange exchange, int code, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
