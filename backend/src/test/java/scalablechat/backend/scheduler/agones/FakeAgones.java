package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of the Kubernetes API server with Agones installed that the Agones scheduler uses, on loopback, built
 * from Agones' documentation (see ../shared/notes/agones.md): a fleet's GameServers, listed and watched (one JSON
 * event per line, a resourceVersion, ERROR 410 for a version compacted away), and GameServerAllocation: selectors
 * tried in order, the state filter, matchLabels and DoesNotExist/Exists expressions, a list's minAvailable, Packed
 * ordering (Allocated first, then by node, then the list priority, then name), addValues that a full list silently
 * drops, 201 with UnAllocated when nothing matches, 500 without {@code Content-Type: application/json}, and bearer
 * tokens. Faults can be queued: UnAllocated, Contention, 409, 500, an answer lost after the allocation was applied.
 * What the SDK sidecar of a session server does to its GameServer is here as methods (ready, list changes, labels,
 * health, shutdown), which a fake sidecar calls.
 */
public final class FakeAgones implements AutoCloseable {
    /** A fault the next allocation meets instead of (or, for LOST, after) being served. */
    public enum Fault { UNALLOCATED, CONTENTION, CONFLICT_409, ERROR_500, LOST, SLOW }

    /** How long a SLOW allocation keeps its caller waiting before it is served. */
    public static final long SLOW_MILLIS = 1500;

    /** One GameServer; fields are changed only under the fake's lock. */
    static final class Server {
        final String name;
        String state = "Ready";
        String address;
        int port;
        String node;
        int capacity;
        final List<String> rooms = new ArrayList<>();
        boolean listTouched; // values appear in status only once the list first changed, as in Agones
        final Map<String, String> labels = new LinkedHashMap<>();
        long resourceVersion;

        Server(String name) {
            this.name = name;
        }
    }

    private record Event(long version, String type, JsonObject object) {}

    private final String namespace;
    private final String fleet;
    private final HttpServer http;
    private final String scheme;
    private final Map<String, Server> servers = new LinkedHashMap<>();
    private final Deque<Event> events = new ArrayDeque<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Set<String> tokens = new LinkedHashSet<>();
    private final AtomicInteger allocations = new AtomicInteger();
    private final AtomicInteger lists = new AtomicInteger();
    private final Map<String, JsonObject> leases = new LinkedHashMap<>();

    private long version = 100;
    /** Events at or below this version are compacted away: a watch from there gets ERROR 410. */
    private long compactedThrough;
    private long watchDelayMillis;
    private int listFailures;
    private int watchGeneration;

    public FakeAgones(String namespace, String fleet, String token) throws IOException {
        this(namespace, fleet, token, null);
    }

    /** As an API server answering https with {@code tls} (its certificate), when not null. */
    public FakeAgones(String namespace, String fleet, String token, javax.net.ssl.SSLContext tls) throws IOException {
        this.namespace = namespace;
        this.fleet = fleet;
        this.tokens.add(token);
        // The JDK reads its HTTP server limits once, at the first server of the JVM: the tests' limits must be set first.
        scalablechat.backend.TestServers.applyHttpServerLimits();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.http = HttpServer.create(loopback, 64);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            this.http = https;
        }
        this.scheme = tls == null ? "http" : "https";
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    public URI uri() {
        return URI.create(scheme + "://127.0.0.1:" + http.getAddress().getPort());
    }

    // ---- the test's controls ----

    public synchronized void addGameServer(String name, String address, int port, int capacity, String node) {
        Server server = new Server(name);
        server.address = address;
        server.port = port;
        server.capacity = capacity;
        server.node = node;
        server.labels.put("agones.dev/fleet", fleet);
        servers.put(name, server);
        changed(server, "ADDED");
    }

    /** A GameServer whose pod is up but whose session server has not said Ready yet, and has no port yet. */
    public synchronized void addStartingGameServer(String name, int capacity, String node) {
        addGameServer(name, "127.0.0.1", 0, capacity, node);
        Server server = servers.get(name);
        server.state = "Scheduled";
        changed(server, "MODIFIED");
    }

    /** The host port Agones gave the GameServer's port named ws. */
    public synchronized void setPort(String name, int port) {
        Server server = servers.get(name);
        server.port = port;
        changed(server, "MODIFIED");
    }

    /** What the sidecar's {@code POST /ready} does: Ready, also from Allocated (a server whose last room closed). */
    public synchronized void markReady(String name) {
        Server server = servers.get(name);
        if (server != null && !server.state.equals("Shutdown") && !server.state.equals("Unhealthy")) {
            server.state = "Ready";
            changed(server, "MODIFIED");
        }
    }

    /** What the sidecar's {@code POST /shutdown} does: the GameServer goes away. */
    public synchronized void shutDown(String name) {
        Server server = servers.get(name);
        if (server != null) {
            server.state = "Shutdown";
            changed(server, "MODIFIED");
            delete(name);
        }
    }

    /** The GameServer as the SDK's {@code GET /gameserver} shows it: snake_case, int64 as strings. */
    public synchronized JsonObject sdkView(String name) {
        Server server = servers.get(name);
        if (server == null) {
            return null;
        }
        JsonObject labels = Json.object();
        server.labels.forEach(labels::add);
        return Json.object()
                .add("object_meta", Json.object().add("name", server.name).add("namespace", namespace).add("labels", labels))
                .add("status", Json.object().add("state", server.state)
                        .add("address", server.port == 0 ? "" : server.address)
                        .add("ports", Json.array().add(Json.object().add("name", "ws").add("port", server.port))));
    }

    public synchronized int capacity(String name) {
        Server server = servers.get(name);
        return server == null ? 0 : server.capacity;
    }

    public synchronized Map<String, String> labels(String name) {
        Server server = servers.get(name);
        return server == null ? Map.of() : Map.copyOf(server.labels);
    }

    /** Only {@code token} is accepted from now on (a rotated service-account token). */
    public synchronized void acceptOnly(String token) {
        tokens.clear();
        tokens.add(token);
    }

    public synchronized void fail(Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(fault);
        }
    }

    /** Watch events reach watchers this much later (Agones shows SDK list changes about a second late). */
    public synchronized void delayWatch(long millis) {
        watchDelayMillis = millis;
    }

    /** The next {@code times} lists answer 500. */
    public synchronized void failLists(int times) {
        listFailures = times;
    }

    /** Ends every open watch stream, as an API server does now and then. */
    public synchronized void dropWatches() {
        watchGeneration++;
        notifyAll();
    }

    public synchronized void setState(String name, String state) {
        Server server = servers.get(name);
        server.state = state;
        changed(server, "MODIFIED");
    }

    public synchronized void delete(String name) {
        Server server = servers.remove(name);
        changed(server, "DELETED");
    }

    public synchronized void setLabel(String name, String key, String value) {
        Server server = servers.get(name);
        server.labels.put(key, value);
        changed(server, "MODIFIED");
    }

    /** What the sidecar's list calls do; false when the value is absent (remove) or the list is full or has it (add). */
    public synchronized boolean addRoom(String name, String roomId) {
        Server server = servers.get(name);
        if (server == null || server.rooms.size() >= server.capacity || server.rooms.contains(roomId)) {
            return false;
        }
        server.rooms.add(roomId);
        server.listTouched = true;
        changed(server, "MODIFIED");
        return true;
    }

    public synchronized boolean removeRoom(String name, String roomId) {
        Server server = servers.get(name);
        if (server == null || !server.rooms.remove(roomId)) {
            return false;
        }
        server.listTouched = true;
        changed(server, "MODIFIED");
        return true;
    }

    public synchronized List<String> rooms(String name) {
        Server server = servers.get(name);
        return server == null ? List.of() : List.copyOf(server.rooms);
    }

    public synchronized String state(String name) {
        Server server = servers.get(name);
        return server == null ? null : server.state;
    }

    /** Every GameServer whose list holds {@code roomId}. */
    public synchronized List<String> holders(String roomId) {
        return servers.values().stream().filter(s -> s.rooms.contains(roomId)).map(s -> s.name).toList();
    }

    public int allocations() {
        return allocations.get();
    }

    public int lists() {
        return lists.get();
    }

    // ---- the API ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            boolean authorised;
            synchronized (this) {
                authorised = auth != null && auth.startsWith("Bearer ") && tokens.contains(auth.substring(7));
            }
            if (!authorised) {
                send(exchange, 401, status(401, "Unauthorized", "Unauthorized"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String servers = "/apis/agones.dev/v1/namespaces/" + namespace + "/gameservers";
            String allocate = "/apis/allocation.agones.dev/v1/namespaces/" + namespace + "/gameserverallocations";
            if (path.equals(servers) && exchange.getRequestMethod().equals("GET")) {
                if ("1".equals(query.get("watch")) || "true".equals(query.get("watch"))) {
                    watch(exchange, query);
                } else {
                    list(exchange, query);
                }
            } else if (path.equals(allocate) && exchange.getRequestMethod().equals("POST")) {
                allocate(exchange);
            } else if (path.startsWith("/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases")) {
                lease(exchange, path.substring(("/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases").length()));
            } else {
                send(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
            }
        }
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        lists.incrementAndGet();
        JsonObject answer;
        synchronized (this) {
            if (listFailures > 0) {
                listFailures--;
                answer = null;
            } else {
                JsonArray items = Json.array();
                for (Server server : servers.values()) {
                    if (matchesSelector(server, query.get("labelSelector"))) {
                        items.add(json(server));
                    }
                }
                answer = Json.object().add("apiVersion", "agones.dev/v1").add("kind", "GameServerList")
                        .add("metadata", Json.object().add("resourceVersion", Long.toString(version)))
                        .add("items", items);
            }
        }
        if (answer == null) {
            send(exchange, 500, status(500, "InternalError", "etcdserver: request timed out"));
            return;
        }
        send(exchange, 200, answer);
    }

    private void watch(HttpExchange exchange, Map<String, String> query) throws IOException {
        long from = Long.parseLong(query.getOrDefault("resourceVersion", "0"));
        String selector = query.get("labelSelector");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int generation;
        synchronized (this) {
            generation = watchGeneration;
        }
        long seen = from;
        while (true) {
            List<Event> ready = new ArrayList<>();
            boolean expired;
            long delay;
            synchronized (this) {
                while (watchGeneration == generation && compactedThrough <= seen && newer(seen).isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (watchGeneration != generation) {
                    return; // dropped: the stream ends
                }
                expired = compactedThrough > seen && (events.isEmpty() || events.peekFirst().version() > seen + 1);
                if (!expired) {
                    ready.addAll(newer(seen));
                }
                delay = watchDelayMillis;
            }
            if (expired) {
                JsonObject status = status(410, "Expired", "too old resource version: " + seen + " (" + compactedThrough + ")");
                writeLine(out, Json.object().add("type", "ERROR").add("object", status));
                return;
            }
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (Event event : ready) {
                if (matchesSelector(event.object(), selector)) {
                    writeLine(out, Json.object().add("type", event.type()).add("object", event.object()));
                }
                seen = event.version();
            }
        }
    }

    private List<Event> newer(long seen) {
        return events.stream().filter(e -> e.version() > seen).toList();
    }

    private static void writeLine(OutputStream out, JsonObject line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void allocate(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (type == null || !type.startsWith("application/json")) {
            send(exchange, 500, status(500, "InternalError", "Could not find deserializer for media type: " + type));
            return;
        }
        JsonObject spec;
        try {
            spec = Json.parse(body).asObject().get("spec").asObject();
            spec.get("selectors").asArray();
        } catch (RuntimeException e) {
            send(exchange, 422, status(422, "Invalid", "GameServerAllocation is invalid: " + e.getMessage()));
            return;
        }
        Fault fault;
        synchronized (this) {
            fault = faults.poll();
        }
        if (fault == Fault.SLOW) {
            try {
                Thread.sleep(SLOW_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            fault = null;
        }
        if (fault != null && fault != Fault.LOST) {
            switch (fault) {
                case UNALLOCATED -> send(exchange, 201, allocationAnswer("UnAllocated", null));
                case CONTENTION -> send(exchange, 201, allocationAnswer("Contention", null));
                case CONFLICT_409 -> send(exchange, 409, status(409, "Conflict", "the object has been modified"));
                case ERROR_500 -> send(exchange, 500, status(500, "InternalError", "error updating allocated gameserver"));
                default -> { }
            }
            return;
        }
        allocations.incrementAndGet();
        JsonObject answer;
        synchronized (this) {
            Server chosen = choose(spec);
            if (chosen == null) {
                answer = allocationAnswer("UnAllocated", null);
            } else {
                chosen.state = "Allocated";
                JsonObject lists = obj(spec.get("lists"));
                for (String listName : lists.names()) {
                    JsonValue add = obj(lists.get(listName)).get("addValues");
                    if (add != null && add.isArray()) {
                        for (JsonValue value : add.asArray()) {
                            if (chosen.rooms.size() < chosen.capacity && !chosen.rooms.contains(value.asString())) {
                                chosen.rooms.add(value.asString()); // a full list drops it without a word
                            }
                        }
                        chosen.listTouched = true;
                    }
                }
                changed(chosen, "MODIFIED");
                answer = allocationAnswer("Allocated", chosen);
            }
        }
        if (fault == Fault.LOST) {
            exchange.getResponseBody().close(); // applied, but the caller never hears it
            return;
        }
        send(exchange, 201, answer);
    }

    /** Leases as the API server keeps any object: create refuses an existing name (409); delete honours preconditions. */
    private void lease(HttpExchange exchange, String rest) throws IOException {
        String method = exchange.getRequestMethod();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonObject answer;
        int code;
        synchronized (this) {
            if (method.equals("POST") && rest.isEmpty()) {
                JsonObject lease = Json.parse(body).asObject();
                String name = obj(lease.get("metadata")).getString("name", "");
                if (leases.containsKey(name)) {
                    code = 409;
                    answer = status(409, "AlreadyExists", "leases.coordination.k8s.io \"" + name + "\" already exists");
                } else {
                    obj(lease.get("metadata")).set("resourceVersion", Long.toString(++version));
                    leases.put(name, lease);
                    code = 201;
                    answer = lease;
                }
            } else if (rest.startsWith("/") && (method.equals("GET") || method.equals("DELETE"))) {
                String name = rest.substring(1);
                JsonObject lease = leases.get(name);
                if (lease == null) {
                    code = 404;
                    answer = status(404, "NotFound", "leases.coordination.k8s.io \"" + name + "\" not found");
                } else if (method.equals("GET")) {
                    code = 200;
                    answer = lease;
                } else {
                    String wanted = body.isBlank() ? null
                            : obj(obj(Json.parse(body).asObject().get("preconditions"))).getString("resourceVersion", null);
                    String actual = obj(lease.get("metadata")).getString("resourceVersion", "");
                    if (wanted != null && !wanted.equals(actual)) {
                        code = 409;
                        answer = status(409, "Conflict", "Precondition failed: ResourceVersion");
                    } else {
                        leases.remove(name);
                        code = 200;
                        answer = status(200, "", "deleted");
                    }
                }
            } else {
                code = 405;
                answer = status(405, "MethodNotAllowed", method + " " + rest);
            }
        }
        send(exchange, code, answer);
    }

    /** A lease as another (perhaps dead) replica left it. */
    public synchronized void putLease(String name, String holder, java.time.Instant renewed, int seconds) {
        leases.put(name, Json.object().add("metadata", Json.object().add("name", name)
                        .add("resourceVersion", Long.toString(++version)))
                .add("spec", Json.object().add("holderIdentity", holder).add("leaseDurationSeconds", seconds)
                        .add("renewTime", renewed.toString())));
    }

    public synchronized int leaseCount() {
        return leases.size();
    }

    /** Ends the open watches and, before any can resume, makes {@code change} and compacts it away: the resumed
     * watches get ERROR 410 and must list again to see it. */
    public synchronized void changeWhileWatchesAreDown(Runnable change) {
        watchGeneration++;
        notifyAll();
        change.run();
        compactedThrough = version;
        events.clear();
    }

    /** Agones' allocation: the first selector with any candidate wins; candidates in Packed order. */
    private Server choose(JsonObject spec) {
        for (JsonValue selectorValue : spec.get("selectors").asArray()) {
            JsonObject selector = selectorValue.asObject();
            String state = selector.getString("gameServerState", "Ready");
            List<Server> candidates = new ArrayList<>();
            for (Server server : servers.values()) {
                if (server.state.equals(state) && labelsMatch(server, selector) && listsMatch(server, selector)) {
                    candidates.add(server);
                }
            }
            if (candidates.isEmpty()) {
                continue;
            }
            Map<String, Long> allocatedPerNode = new HashMap<>();
            for (Server server : servers.values()) {
                if (server.state.equals("Allocated")) {
                    allocatedPerNode.merge(server.node, 1L, Long::sum);
                }
            }
            Comparator<Server> order = Comparator
                    .comparing((Server s) -> !s.state.equals("Allocated"))
                    .thenComparing(s -> -allocatedPerNode.getOrDefault(s.node, 0L))
                    .thenComparing(s -> s.node);
            for (JsonValue priority : arr(spec.get("priorities"))) {
                JsonObject p = priority.asObject();
                if ("List".equals(p.getString("type", ""))) {
                    Comparator<Server> byAvailable = Comparator.comparing(s -> s.capacity - s.rooms.size());
                    order = order.thenComparing("Descending".equals(p.getString("order", "Ascending"))
                            ? byAvailable.reversed() : byAvailable);
                }
            }
            candidates.sort(order.thenComparing(s -> s.name));
            return candidates.getFirst();
        }
        return null;
    }

    private static boolean labelsMatch(Server server, JsonObject selector) {
        JsonObject matchLabels = obj(selector.get("matchLabels"));
        for (String key : matchLabels.names()) {
            if (!matchLabels.getString(key, "").equals(server.labels.get(key))) {
                return false;
            }
        }
        for (JsonValue expression : arr(selector.get("matchExpressions"))) {
            JsonObject e = expression.asObject();
            String key = e.getString("key", "");
            switch (e.getString("operator", "")) {
                case "DoesNotExist" -> {
                    if (server.labels.containsKey(key)) {
                        return false;
                    }
                }
                case "Exists" -> {
                    if (!server.labels.containsKey(key)) {
                        return false;
                    }
                }
                default -> throw new IllegalArgumentException("operator not supported by the fake: " + e);
            }
        }
        return true;
    }

    private static boolean listsMatch(Server server, JsonObject selector) {
        JsonObject lists = obj(selector.get("lists"));
        for (String name : lists.names()) {
            int minAvailable = obj(lists.get(name)).getInt("minAvailable", 0);
            if (server.capacity - server.rooms.size() < minAvailable) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesSelector(Server server, String selector) {
        return selector == null || selector.equals("agones.dev/fleet=" + server.labels.get("agones.dev/fleet"));
    }

    private static boolean matchesSelector(JsonObject object, String selector) {
        if (selector == null) {
            return true;
        }
        String fleet = obj(obj(object.get("metadata")).get("labels")).getString("agones.dev/fleet", null);
        return selector.equals("agones.dev/fleet=" + fleet);
    }

    private JsonObject allocationAnswer(String state, Server server) {
        JsonObject status = Json.object().add("state", state);
        if (server != null) {
            status.add("gameServerName", server.name).add("address", server.address)
                    .add("ports", Json.array().add(Json.object().add("name", "ws").add("port", server.port)))
                    .add("addresses", Json.array().add(Json.object().add("type", "PodIP").add("address", server.address)))
                    .add("nodeName", server.node).add("source", "local")
                    .add("lists", Json.object().add("rooms", Json.object().add("capacity", server.capacity)
                            .add("values", strings(server.rooms))));
        }
        return Json.object().add("apiVersion", "allocation.agones.dev/v1").add("kind", "GameServerAllocation")
                .add("status", status);
    }

    private void changed(Server server, String type) {
        server.resourceVersion = ++version;
        events.addLast(new Event(version, type, json(server)));
        notifyAll();
    }

    private JsonObject json(Server server) {
        JsonObject labels = Json.object();
        server.labels.forEach(labels::add);
        JsonObject list = Json.object().add("capacity", server.capacity);
        if (server.listTouched) {
            list.add("values", strings(server.rooms));
        }
        return Json.object().add("apiVersion", "agones.dev/v1").add("kind", "GameServer")
                .add("metadata", Json.object().add("name", server.name).add("namespace", namespace)
                        .add("resourceVersion", Long.toString(server.resourceVersion)).add("labels", labels))
                .add("status", Json.object().add("state", server.state).add("address", server.address)
                        .add("nodeName", server.node)
                        .add("ports", Json.array().add(Json.object().add("name", "ws").add("port", server.port)))
                        .add("lists", Json.object().add("rooms", list)));
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = Json.array();
        values.forEach(array::add);
        return array;
    }

    private static JsonObject status(int code, String reason, String message) {
        return Json.object().add("kind", "Status").add("apiVersion", "v1").add("status", "Failure")
                .add("message", message).add("reason", reason).add("code", code);
    }

    private static void send(HttpExchange exchange, int code, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static JsonObject obj(JsonValue value) {
        return value != null && value.isObject() ? value.asObject() : new JsonObject();
    }

    private static List<JsonValue> arr(JsonValue value) {
        return value != null && value.isArray() ? value.asArray().values() : List.of();
    }

    @Override
    public void close() {
        synchronized (this) {
            watchGeneration++;
            notifyAll();
        }
        http.stop(0);
    }
}
