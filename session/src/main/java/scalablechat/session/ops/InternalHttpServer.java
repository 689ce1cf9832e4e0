package scalablechat.session.ops;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import scalablechat.common.BearerSecret;
import scalablechat.common.HttpJson;
import scalablechat.common.HttpJson.HttpError;
import scalablechat.common.InvalidTokenException;
import scalablechat.common.RoomIds;
import scalablechat.common.Tokens;
import scalablechat.session.room.MessageLogs;
import scalablechat.session.room.Room;
import scalablechat.session.room.RoomRegistry;
import scalablechat.session.store.RoomLockedException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The session server's HTTP port for backends and operators (docs/ARCHITECTURE.md), on INTERNAL_BIND (loopback by
 * default): health and readiness are open; metrics are open unless METRICS_TOKEN is set; everything under
 * /internal/ needs an internal token.
 * Each exchange runs on a virtual thread.
 */
public final class InternalHttpServer {
    private static final System.Logger LOG = System.getLogger(InternalHttpServer.class.getName());
    private static final int BACKLOG = 256;
    private static final String ROOMS_PREFIX = "/internal/rooms/";
    /**
     * How long an admission or lookup waits for a room's log to open (it reads the whole log) before
     * answering 503; below the port's response time limit (maxRspTime, 10 s).
     */
    private static final Duration ROOM_OPEN_WAIT = Duration.ofSeconds(5);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final RoomRegistry registry;
    private final MessageLogs logs;
    private final Drain drain;
    private final Tokens tokens;
    private final SessionMetrics metrics;
    private final Supplier<String> host;
    /** Why the server cannot serve clients, or null. */
    private final Supplier<String> broken;
    private final Optional<BearerSecret> metricsToken;

    private InternalHttpServer(HttpServer server, RoomRegistry registry, MessageLogs logs,
                               Drain drain, Tokens tokens, SessionMetrics metrics, Supplier<String> host,
                               Supplier<String> broken, Optional<BearerSecret> metricsToken) {
        this.server = server;
        this.metricsToken = metricsToken;
        this.registry = registry;
        this.logs = logs;
        this.drain = drain;
        this.tokens = tokens;
        this.metrics = metrics;
        this.host = host;
        this.broken = broken;
    }

    /** Listens on {@code address} (INTERNAL_BIND, INTERNAL_PORT); {@code metricsToken} guards /metrics if set. */
    public static InternalHttpServer start(InetSocketAddress address, Optional<BearerSecret> metricsToken,
                                           RoomRegistry registry, MessageLogs logs, Drain drain, Tokens tokens,
                                           SessionMetrics metrics, Supplier<String> host, Supplier<String> broken)
            throws IOException {
        HttpServer http = HttpServer.create(address, BACKLOG);
        InternalHttpServer internal = new InternalHttpServer(http, registry, logs, drain, tokens, metrics, host, broken,
                metricsToken);
        http.createContext("/", internal::handle);
        http.setExecutor(internal.threads);
        http.start();
        return internal;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                route(exchange, exchange.getRequestURI().getRawPath());
            } catch (HttpError e) {
                HttpJson.sendError(exchange, e.status(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "internal API request failed", e);
                HttpJson.sendError(exchange, 500, "internal error");
            }
        } catch (IOException e) {
            // The caller went away; nothing to answer.
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException, HttpError {
        switch (path) {
            case "/healthz" -> {
                allow(exchange, "GET");
                String why = broken.get();
                if (why != null) {
                    HttpJson.send(exchange, 503, Json.object().add("status", "broken").add("reason", why));
                } else {
                    HttpJson.send(exchange, 200, Json.object().add("status", "ok"));
                }
            }
            case "/readyz" -> {
                allow(exchange, "GET");
                String why = broken.get();
                if (why != null) {
                    HttpJson.send(exchange, 503, Json.object().add("ready", false).add("reason", why));
                } else if (drain.isDraining()) {
                    HttpJson.send(exchange, 503, Json.object().add("ready", false).add("reason", "draining"));
                } else {
                    HttpJson.send(exchange, 200, Json.object().add("ready", true));
                }
            }
            case "/metrics" -> {
                allow(exchange, "GET");
                if (metricsToken.isPresent() && !metricsToken.get().admits(exchange)) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    throw new HttpError(401, "metrics need Authorization: Bearer <METRICS_TOKEN>");
                }
                metrics.registry().send(exchange);
            }
            default -> {
                if (!path.startsWith("/internal/")) {
                    throw new HttpError(404, "no such endpoint");
                }
                authorize(exchange);
                routeInternal(exchange, path);
            }
        }
    }

    private void routeInternal(HttpExchange exchange, String path) throws IOException, HttpError {
        metrics.internalRequests.labels(callLabel(exchange.getRequestMethod(), path)).increment();
        if (path.equals("/internal/status")) {
            allow(exchange, "GET");
            HttpJson.send(exchange, 200, status());
        } else if (path.equals("/internal/drain")) {
            allow(exchange, "POST");
            // Answer before starting: a drain with no clients stops this server, this port included, at once.
            HttpJson.send(exchange, 202, Json.object().add("state", "draining"));
            drain.start();
        } else if (path.startsWith(ROOMS_PREFIX)) {
            String roomId = path.substring(ROOMS_PREFIX.length());
            if (!RoomIds.isValid(roomId)) {
                throw new HttpError(400, "bad room id");
            }
            switch (exchange.getRequestMethod()) {
                case "PUT" -> admit(exchange, roomId);
                case "GET" -> describe(exchange, roomId);
                default -> allow(exchange, "GET, PUT");
            }
        } else {
            throw new HttpError(404, "no such endpoint");
        }
    }

    private static String callLabel(String method, String path) {
        if (path.startsWith(ROOMS_PREFIX)) {
            return switch (method) {
                case "GET" -> SessionMetrics.ROOM_GET_CALL;
                case "PUT" -> SessionMetrics.ROOM_PUT_CALL;
                default -> SessionMetrics.OTHER_CALL;
            };
        }
        return switch (path) {
            case "/internal/status" -> SessionMetrics.STATUS_CALL;
            case "/internal/drain" -> SessionMetrics.DRAIN_CALL;
            default -> SessionMetrics.OTHER_CALL;
        };
    }

    private void admit(HttpExchange exchange, String roomId) throws IOException, HttpError {
        RoomRegistry.Admission admission = registry.admit(roomId);
        switch (admission.outcome()) {
            case DRAINING -> throw new HttpError(503, "server draining");
            case FULL -> throw new HttpError(503, "server full");
            default -> {
                awaitOpen(admission.room());
                HttpJson.send(exchange, 200, Json.object().add("roomId", roomId)
                        .add("created", admission.outcome() == RoomRegistry.Outcome.CREATED));
            }
        }
    }

    /** Waits (on this exchange's virtual thread) until the room's log is open, or says why it is not. */
    private static void awaitOpen(Room room) throws HttpError {
        try {
            room.opened().get(ROOM_OPEN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RoomLockedException) {
                throw new HttpError(409, "room " + room.id() + " is hosted by another server: " + e.getCause().getMessage());
            }
            throw new HttpError(503, "room " + room.id() + " cannot be opened here: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new HttpError(503, "room " + room.id() + " is still loading its history; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(503, "server stopping");
        }
    }

    private void describe(HttpExchange exchange, String roomId) throws IOException {
        Room room = registry.find(roomId);
        if (room != null) {
            try {
                awaitOpen(room);
                HttpJson.send(exchange, 200, Json.object().add("roomId", roomId).add("open", true).add("users", room.users()));
                return;
            } catch (HttpError e) {
                // not open here after all: answered as for any room that is not open
            }
        }
        HttpJson.send(exchange, 404, Json.object().add("error", "room not open here")
                .add("stored", logs.isStored(roomId)));
    }

    private JsonObject status() {
        JsonArray list = Json.array();
        int users = 0;
        int connections = 0;
        for (Room room : registry.all()) {
            int roomUsers = room.users();
            int roomConnections = room.connections();
            users += roomUsers;
            connections += roomConnections;
            list.add(Json.object().add("roomId", room.id()).add("users", roomUsers).add("connections", roomConnections));
        }
        return Json.object()
                .add("host", host.get())
                .add("state", drain.isDraining() ? "draining" : "ready")
                .add("rooms", list.size())
                .add("maxRooms", registry.maxRooms())
                .add("users", users)
                .add("connections", connections)
                .add("roomList", list)
                .add("traffic", traffic());
    }

    /** Counters the backend turns into the fleet page's charts: rates and latency quantiles between two polls. */
    private JsonObject traffic() {
        JsonArray bounds = Json.array();
        for (double bound : metrics.deliveryWritten.upperBounds()) {
            bounds.add(bound);
        }
        JsonArray counts = Json.array();
        for (long count : metrics.deliveryWritten.cumulativeCounts()) {
            counts.add(count);
        }
        return Json.object()
                .add("messagesStored", metrics.room.messagesStored.value())
                .add("deliveries", metrics.room.deliveries.value())
                .add("deliveryLatency", Json.object().add("le", bounds).add("counts", counts));
    }

    private void authorize(HttpExchange exchange) throws HttpError {
        String token = HttpJson.bearerToken(exchange);
        if (token == null) {
            throw new HttpError(401, "missing bearer token");
        }
        try {
            tokens.verifyInternal(token);
        } catch (InvalidTokenException e) {
            throw new HttpError(401, "invalid internal token: " + e.getMessage());
        }
    }

    /** Refuses the request with 405 unless its method is one of {@code allowed} (an Allow header value). */
    private static void allow(HttpExchange exchange, String allowed) throws HttpError {
        String method = exchange.getRequestMethod();
        for (String each : allowed.split(", ")) {
            if (each.equals(method)) {
                return;
            }
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        throw new HttpError(405, "method " + method + " not allowed here; use " + allowed);
    }
}
