package scalablechat.backend.scheduler.hathora;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import scalablechat.backend.TestServers;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A stand-in for Hathora's Rooms v2 API on a loopback port, answering from scripts built from the
 * documented shapes, and recording every request so tests can check what was sent.
 * Each route ({@code create}, or {@code connectioninfo/<roomId>}, with {@code connectioninfo/*} for
 * any other room) plays its script in order and repeats the last answer; a route without a script
 * answers 404 like Hathora for an unknown room.
 */
final class FakeHathora implements AutoCloseable {
    static final String APP_ID = "app-0f7a9c2e-test";

    record Request(String method, String path, String query, Map<String, String> headers, String body, long atNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String roomIdParam() {
            return query != null && query.startsWith("roomId=") ? query.substring("roomId=".length()) : null;
        }
    }

    record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
        Answer after(long millis) {
            return new Answer(status, body, headers, millis);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, Map.copyOf(more), delayMillis);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Function<Request, Answer>>> scripts = new HashMap<>(); // guarded by itself

    private FakeHathora(HttpServer server) {
        this.server = server;
    }

    static FakeHathora start() throws IOException {
        // The JDK fixes its HTTP server limits when the first server of the JVM starts; the backend's
        // tests rely on the ones TestServers sets, so they must be in place before this one.
        try {
            MethodHandles.lookup().ensureInitialized(TestServers.class);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeHathora fake = new FakeHathora(server);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", fake::handle);
        server.start();
        return fake;
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @SafeVarargs
    final void script(String route, Function<Request, Answer>... answers) {
        synchronized (scripts) {
            scripts.put(route, new ArrayDeque<>(List.of(answers)));
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requestsTo(String route) {
        String path = "/rooms/v2/" + APP_ID + "/" + route;
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- answers in Hathora's documented shapes ---

    static Answer json(int status, JsonObject body) {
        return new Answer(status, body.toString(), Map.of("Content-Type", "application/json"), 0);
    }

    static Answer text(int status, String body) {
        return new Answer(status, body, Map.of("Content-Type", "text/html"), 0);
    }

    static Answer error(int status, String message) {
        return json(status, Json.object().add("message", message));
    }

    /** 201 for a create: the room is {@code starting} in {@code processId}, with the id that was asked for. */
    static Function<Request, Answer> createdStarting(String processId) {
        return request -> json(201, Json.object()
                .add("roomId", request.roomIdParam())
                .add("processId", processId)
                .add("status", "starting")
                .add("additionalExposedPorts", Json.array()));
    }

    static Answer starting(String roomId) {
        return json(200, Json.object().add("roomId", roomId).add("status", "starting")
                .add("additionalExposedPorts", Json.array()));
    }

    static Answer active(String roomId, String host, int port, String transportType) {
        return json(200, Json.object().add("roomId", roomId).add("status", "active")
                .add("exposedPort", Json.object().add("host", host).add("port", port)
                        .add("transportType", transportType).add("name", "default"))
                .add("additionalExposedPorts", Json.array()));
    }

    static Function<Request, Answer> always(Answer answer) {
        return request -> answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        URI uri = exchange.getRequestURI();
        Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                Map.copyOf(headers), body, System.nanoTime());
        requests.add(request);

        Answer answer = answerFor(request);
        try (exchange) {
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up waiting (a timeout test); nothing to answer
        }
    }

    private Answer answerFor(Request request) {
        String prefix = "/rooms/v2/" + APP_ID + "/";
        String route = request.path().startsWith(prefix) ? request.path().substring(prefix.length()) : request.path();
        Function<Request, Answer> next;
        synchronized (scripts) {
            Deque<Function<Request, Answer>> script = scripts.get(route);
            if (script == null && route.startsWith("connectioninfo/")) {
                script = scripts.get("connectioninfo/*");
            }
            if (script == null) {
                return error(404, "Room not found");
            }
            next = script.size() > 1 ? script.poll() : script.peek();
        }
        return next.apply(request);
    }
}
