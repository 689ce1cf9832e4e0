package scalablechat.session.ops;

import com.eclipsesource.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import scalablechat.common.BearerSecret;
import scalablechat.common.InvalidTokenException;
import scalablechat.common.RoomIds;
import scalablechat.common.Tokens;
import scalablechat.common.contract.InternalApi;
import scalablechat.common.http.Endpoint;
import scalablechat.common.http.HttpJson;
import scalablechat.common.http.HttpJson.HttpError;
import scalablechat.common.http.Router;
import scalablechat.session.room.MessageLogs;
import scalablechat.session.room.Room;
import scalablechat.session.room.RoomRegistry;
import scalablechat.session.store.RoomLockedException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    private static final int BACKLOG = 256;
    /**
     * How long an admission or lookup waits for a room's log to open (it reads the whole log) before
     * answering 503; well below the port's response time limit (HttpServerLimits.MAX_RESPONSE_SECONDS).
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
        http.createContext("/", internal.router());
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

    /** The routes of the contract ({@link InternalApi}); an unknown path is a 404, a wrong method a 405. */
    private Router router() {
        String room = InternalApi.ROOMS + "{roomId}";
        return new Router(Router.RequestObserver.NONE, "none", "unknown")
                .route("GET", InternalApi.HEALTHZ, (exchange, params) -> health(exchange))
                .route("GET", InternalApi.READYZ, (exchange, params) -> readiness(exchange))
                .route("GET", InternalApi.METRICS, (exchange, params) -> metrics(exchange))
                .route("GET", InternalApi.STATUS, authorized(SessionMetrics.STATUS_CALL,
                        (exchange, params) -> HttpJson.send(exchange, 200, status().toJson())))
                .route("POST", InternalApi.DRAIN, authorized(SessionMetrics.DRAIN_CALL, (exchange, params) -> {
                    // Answer before starting: a drain with no clients stops this server, this port included, at once.
                    HttpJson.send(exchange, 202, Json.object().add("state", "draining"));
                    drain.start();
                }))
                .route("GET", room, authorized(SessionMetrics.ROOM_GET_CALL,
                        (exchange, params) -> describe(exchange, roomId(params))))
                .route("PUT", room, authorized(SessionMetrics.ROOM_PUT_CALL,
                        (exchange, params) -> admit(exchange, roomId(params))));
    }

    private void health(HttpExchange exchange) throws IOException {
        String why = broken.get();
        if (why != null) {
            HttpJson.send(exchange, 503, Json.object().add("status", "broken").add("reason", why));
        } else {
            HttpJson.send(exchange, 200, Json.object().add("status", "ok"));
        }
    }

    private void readiness(HttpExchange exchange) throws IOException {
        String why = broken.get();
        if (why != null) {
            HttpJson.send(exchange, 503, Json.object().add("ready", false).add("reason", why));
        } else if (drain.isDraining()) {
            HttpJson.send(exchange, 503, Json.object().add("ready", false).add("reason", "draining"));
        } else {
            HttpJson.send(exchange, 200, Json.object().add("ready", true));
        }
    }

    private void metrics(HttpExchange exchange) throws IOException, HttpError {
        if (metricsToken.isPresent() && !metricsToken.get().admits(exchange)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new HttpError(401, "metrics need Authorization: Bearer <METRICS_TOKEN>");
        }
        metrics.registry().send(exchange);
    }

    /** {@code endpoint} behind the internal token, counted under {@code call} once authorized. */
    private Endpoint authorized(String call, Endpoint endpoint) {
        return (exchange, params) -> {
            authorize(exchange);
            metrics.internalRequests.labels(call).increment();
            endpoint.handle(exchange, params);
        };
    }

    private static String roomId(List<String> params) throws HttpError {
        String roomId = params.get(0);
        if (!RoomIds.isValid(roomId)) {
            throw new HttpError(400, "bad room id");
        }
        return roomId;
    }

    private void admit(HttpExchange exchange, String roomId) throws IOException, HttpError {
        RoomRegistry.Admission admission = registry.admit(roomId);
        switch (admission.outcome()) {
            case DRAINING -> throw new HttpError(503, InternalApi.DRAINING);
            case FULL -> throw new HttpError(503, InternalApi.FULL);
            default -> {
                awaitOpen(admission.room());
                HttpJson.send(exchange, 200,
                        new InternalApi.Admitted(roomId, admission.outcome() == RoomRegistry.Outcome.CREATED).toJson());
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
            throw new HttpError(503, "room " + room.id() + " is " + InternalApi.STILL_LOADING + " its history; try again");
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
                HttpJson.send(exchange, 200, new InternalApi.OpenRoom(roomId, room.users()).toJson());
                return;
            } catch (HttpError e) {
                // not open here after all: answered as for any room that is not open
            }
        }
        HttpJson.send(exchange, 404, new InternalApi.RoomNotOpen(logs.isStored(roomId)).toJson());
    }

    private InternalApi.Status status() {
        List<InternalApi.RoomEntry> rooms = new ArrayList<>();
        int users = 0;
        int connections = 0;
        for (Room room : registry.all()) {
            int roomUsers = room.users();
            int roomConnections = room.connections();
            users += roomUsers;
            connections += roomConnections;
            rooms.add(new InternalApi.RoomEntry(room.id(), roomUsers, roomConnections));
        }
        return new InternalApi.Status(host.get(), drain.isDraining(), registry.maxRooms(), users, connections, rooms,
                traffic());
    }

    /** Counters the backend turns into the fleet page's charts: rates and latency quantiles between two polls. */
    private InternalApi.Traffic traffic() {
        return new InternalApi.Traffic(metrics.room.messagesStored.value(), metrics.room.deliveries.value(),
                metrics.deliveryWritten.upperBounds(), metrics.deliveryWritten.cumulativeCounts());
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
}
