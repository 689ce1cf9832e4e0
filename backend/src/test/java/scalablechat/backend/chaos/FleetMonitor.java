package scalablechat.backend.chaos;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import scalablechat.common.Tokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Watches the session servers during a chaos run, by asking each of them directly (internal port,
 * {@code PORT + 1000}) for its status every {@link #INTERVAL}, and records every breach of the fleet's
 * invariants: a room open on two servers at once, more rooms on a server than it allows, more users in a
 * room than {@code USERS_PER_ROOM}. The servers to ask are learnt from the backend's {@code /api/fleet}
 * (and remembered while the backend is down).
 *
 * <p>A room seen on two servers in one sweep is only a breach if it is still on both when they are asked
 * again one after the other (first, second, first): a sweep is not an instant, and a room can move from
 * a dead server to a live one between two answers of the same sweep.
 */
final class FleetMonitor implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(100);
    static final int INTERNAL_PORT_OFFSET = scalablechat.common.contract.SessionPorts.INTERNAL_PORT_OFFSET;

    record Status(String host, int maxRooms, Map<String, Integer> usersByRoom) {}

    private final Supplier<URI> backend;
    private final Tokens tokens;
    private final int usersPerRoom;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();
    private final Map<String, Status> latest = new ConcurrentHashMap<>();
    private final List<String> violations = new ArrayList<>(); // guarded by itself
    private volatile int sweeps;
    private volatile int maxRoomsSeenOnAServer;
    private volatile int maxUsersSeenInARoom;
    private volatile boolean running = true;
    private final Thread thread;

    FleetMonitor(Supplier<URI> backend, Tokens tokens, int usersPerRoom) {
        this.backend = backend;
        this.tokens = tokens;
        this.usersPerRoom = usersPerRoom;
        this.thread = Thread.ofVirtual().name("fleet-monitor").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                sweep();
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sweep() throws InterruptedException {
        learnHosts();
        Map<String, Status> answers = new ConcurrentHashMap<>();
        List<Thread> polls = new ArrayList<>();
        for (String host : hosts) {
            polls.add(Thread.ofVirtual().start(() -> status(host).ifPresent(s -> answers.put(host, s))));
        }
        for (Thread poll : polls) {
            poll.join();
        }
        latest.keySet().retainAll(answers.keySet());
        latest.putAll(answers);

        Map<String, List<String>> hostsByRoom = new HashMap<>();
        for (Status status : answers.values()) {
            maxRoomsSeenOnAServer = Math.max(maxRoomsSeenOnAServer, status.usersByRoom().size());
            if (status.maxRooms() > 0 && status.usersByRoom().size() > status.maxRooms()) {
                violation(status.host() + " hosted " + status.usersByRoom().size() + " rooms, more than its "
                        + status.maxRooms());
            }
            status.usersByRoom().forEach((room, users) -> {
                maxUsersSeenInARoom = Math.max(maxUsersSeenInARoom, users);
                if (users > usersPerRoom) {
                    violation("room " + room + " had " + users + " users on " + status.host() + ", more than "
                            + usersPerRoom);
                }
                hostsByRoom.computeIfAbsent(room, r -> new ArrayList<>()).add(status.host());
            });
        }
        hostsByRoom.forEach((room, where) -> {
            if (where.size() > 1 && stillOnBoth(room, where.get(0), where.get(1))) {
                violation("room " + room + " open on " + where.get(0) + " and " + where.get(1) + " at once");
            }
        });
        sweeps++;
    }

    private boolean stillOnBoth(String room, String first, String second) {
        return hosts(room, first) && hosts(room, second) && hosts(room, first);
    }

    private boolean hosts(String room, String host) {
        return status(host).map(s -> s.usersByRoom().containsKey(room)).orElse(false);
    }

    private void learnHosts() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(backend.get().resolve("/api/fleet"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            for (JsonValue server : Json.parse(response.body()).asObject().get("servers").asArray()) {
                JsonObject s = server.asObject();
                if (!"dead".equals(s.getString("state", ""))) {
                    hosts.add(s.getString("host", ""));
                }
            }
        } catch (Exception e) {
            // the backend is down (restarting): keep asking the servers already known
        }
    }

    private Optional<Status> status(String host) {
        int port = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
        URI uri = URI.create("http://127.0.0.1:" + (port + INTERNAL_PORT_OFFSET) + "/internal/status");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + tokens.internalToken())
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonObject body = Json.parse(response.body()).asObject();
            Map<String, Integer> rooms = new HashMap<>();
            for (JsonValue room : body.get("roomList").asArray()) {
                rooms.put(room.asObject().getString("roomId", ""), room.asObject().getInt("users", 0));
            }
            return Optional.of(new Status(host, body.getInt("maxRooms", 0), rooms));
        } catch (Exception e) {
            hosts.remove(host); // gone for good: a dead server's port is not reused by the fleet soon
            return Optional.empty();
        }
    }

    private void violation(String what) {
        synchronized (violations) {
            if (!violations.contains(what)) {
                violations.add(what);
            }
        }
    }

    /** The server hosting each room, as last seen. */
    Map<String, String> roomHosts() {
        Map<String, String> where = new HashMap<>();
        latest.values().forEach(status -> status.usersByRoom().keySet().forEach(room -> where.put(room, status.host())));
        return where;
    }

    /** Servers that answered the last sweep, each with the rooms it hosted. */
    Map<String, Set<String>> roomsByHost() {
        Map<String, Set<String>> rooms = new HashMap<>();
        latest.values().forEach(s -> rooms.put(s.host(), new LinkedHashSet<>(s.usersByRoom().keySet())));
        return rooms;
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    int sweeps() {
        return sweeps;
    }

    int maxRoomsSeenOnAServer() {
        return maxRoomsSeenOnAServer;
    }

    int maxUsersSeenInARoom() {
        return maxUsersSeenInARoom;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
