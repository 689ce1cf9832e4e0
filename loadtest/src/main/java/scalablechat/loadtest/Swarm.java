package scalablechat.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated users of a run, set up the way browsers do it: every user logs in, the first user of each room
 * creates it, every user looks the room up and connects to the session server the backend named.
 * {@link #prepare} does the HTTP part and {@link #connect} opens the WebSockets, so a run can measure the
 * server in between (the idle scenario's baseline).
 */
final class Swarm implements AutoCloseable {
    /** No frame for this long means the joins' presence traffic has died down. */
    static final Duration QUIET = Duration.ofMillis(300);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private record Seat(String userId, BackendApi.Placement placement) {}

    private final Options options;
    private final Tally tally;
    private final BackendApi api;
    private final Duration timeout;
    private final WsClient client;
    private final List<String> roomIds = new ArrayList<>();
    private final List<List<Seat>> seats = new ArrayList<>();
    private final List<Room> rooms = new ArrayList<>();
    private final List<ChatConnection> connections = new ArrayList<>();
    private final List<ChatConnection> extras = Collections.synchronizedList(new ArrayList<>());

    private Swarm(Options options, Tally tally) {
        this.options = options;
        this.tally = tally;
        this.timeout = Duration.ofMillis((long) (options.timeoutSeconds() * 1000));
        this.api = new BackendApi(options.backend(), timeout);
        this.client = new WsClient(options.ioThreads());
    }

    static String userId(int room, int user) {
        return "u" + room + "-" + user;
    }

    /** Logs every user in, creates the rooms and looks each room up for each of its users. */
    static Swarm prepare(Options options, Tally tally) {
        Swarm swarm = new Swarm(options, tally);
        try {
            swarm.loginCreateLookup();
        } catch (RuntimeException e) {
            swarm.close();
            throw e;
        }
        return swarm;
    }

    /** A swarm whose users are logged in and connected, after the warm-up (if any) in rooms of its own. */
    static Swarm ready(Options options, Tally tally) {
        Warmup.run(options);
        Swarm swarm = prepare(options, tally);
        try {
            swarm.connect();
            swarm.settle();
        } catch (RuntimeException | Error e) {
            swarm.close();
            throw e;
        }
        return swarm;
    }

    private void loginCreateLookup() {
        int concurrency = options.setupConcurrency();
        List<int[]> everyone = new ArrayList<>();
        for (int r = 0; r < options.rooms(); r++) {
            for (int u = 0; u < options.users(); u++) {
                everyone.add(new int[] {r, u});
            }
        }
        List<String> tokens = Parallel.map(everyone, concurrency, ru -> api.login(userId(ru[0], ru[1])));
        List<Integer> roomIndexes = new ArrayList<>();
        for (int r = 0; r < options.rooms(); r++) {
            roomIndexes.add(r);
        }
        roomIds.addAll(Parallel.map(roomIndexes, concurrency, r -> api.createRoom(tokens.get(r * options.users()))));
        List<Seat> all = Parallel.map(everyone, concurrency, ru -> {
            int index = ru[0] * options.users() + ru[1];
            String token = tokens.get(index);
            return new Seat(userId(ru[0], ru[1]), api.lookup(token, roomIds.get(ru[0])));
        });
        for (int r = 0; r < options.rooms(); r++) {
            seats.add(all.subList(r * options.users(), (r + 1) * options.users()));
        }
    }

    /** Opens every member's WebSocket and waits for each one's first frame from the server. */
    void connect() {
        List<Seat> all = new ArrayList<>();
        seats.forEach(all::addAll);
        List<ChatConnection> opened = Parallel.map(all, options.setupConcurrency(), seat -> {
            ChatConnection connection = new ChatConnection(seat.userId(), options.protocol(), tally, true);
            synchronized (connections) {
                connections.add(connection);
            }
            awaitOpen(connection, seat.placement());
            return connection;
        });
        for (int r = 0; r < options.rooms(); r++) {
            List<ChatConnection> members = opened.subList(r * options.users(), (r + 1) * options.users());
            rooms.add(new Room(r, roomIds.get(r), seats.get(r).get(0).placement().host(), members, tally));
        }
    }

    /**
     * A user who is not one of the rooms' steady members (a churner) joins room {@code room}: login, lookup,
     * connect, first frame. Its deliveries don't count towards the run's expected total.
     */
    ChatConnection join(int room, String userId) {
        String token = api.login(userId);
        BackendApi.Placement placement = api.lookup(token, roomIds.get(room));
        ChatConnection connection = new ChatConnection(userId, options.protocol(), tally, false);
        extras.add(connection);
        awaitOpen(connection, placement);
        return connection;
    }

    private void awaitOpen(ChatConnection connection, BackendApi.Placement placement) {
        try {
            connection.open(client, placement.webSocketUri(), timeout);
        } catch (LoadException e) {
            throw new LoadException(connection.userId() + " could not join via ws://" + placement.host() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits until no connection has received a frame for {@link #QUIET}, or the timeout passed. */
    void settle() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long newest = 0;
            for (ChatConnection connection : connections) {
                newest = Math.max(newest, connection.lastFrameNanos());
            }
            if (Marker.now() - newest >= QUIET.toNanos()) {
                return;
            }
            LockSupport.parkNanos(POLL_NANOS * 10);
        }
    }

    /** Waits until every expected delivery has arrived; false when the timeout passed first. */
    boolean awaitDeliveries(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (tally.delivered() < tally.expected()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    List<Room> rooms() {
        return rooms;
    }

    List<ChatConnection> connections() {
        return connections;
    }

    /** The session servers' {@code host:port}s, as the backend named them. */
    Set<String> hosts() {
        Set<String> hosts = new LinkedHashSet<>();
        for (List<Seat> room : seats) {
            hosts.add(room.get(0).placement().host());
        }
        return hosts;
    }

    /** How the backend spread the rooms: {@code localhost:8000=6, localhost:8001=4}. */
    String roomsByServer() {
        Map<String, Integer> counts = new TreeMap<>();
        for (List<Seat> room : seats) {
            counts.merge(room.get(0).placement().host(), 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        counts.forEach((host, n) -> out.append(out.isEmpty() ? "" : ", ").append(host).append('=').append(n));
        return out.toString();
    }

    Duration timeout() {
        return timeout;
    }

    /** Payload bytes received by every connection so far (WebSocket frame headers not included). */
    long bytesReceived() {
        long total = 0;
        for (ChatConnection connection : connections) {
            total += connection.bytesReceived();
        }
        synchronized (extras) {
            for (ChatConnection connection : extras) {
                total += connection.bytesReceived();
            }
        }
        return total;
    }

    long lastDeliveryNanos() {
        long last = 0;
        for (ChatConnection connection : connections) {
            last = Math.max(last, connection.lastDeliveryNanos());
        }
        return last;
    }

    long openConnections() {
        return connections.stream().filter(ChatConnection::isOpen).count();
    }

    /** Closes every connection cleanly, aborting those that don't finish within the timeout. */
    @Override
    public void close() {
        List<ChatConnection> all = new ArrayList<>(connections);
        synchronized (extras) {
            all.addAll(extras);
        }
        all.forEach(ChatConnection::close);
        CompletableFuture<?>[] closing = all.stream().map(ChatConnection::closed).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(closing).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            all.forEach(ChatConnection::abort);
        }
        client.close();
        api.close();
    }
}
