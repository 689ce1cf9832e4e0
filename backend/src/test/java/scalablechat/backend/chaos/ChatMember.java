package scalablechat.backend.chaos;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One chat member that stays in its room the way the web client does: it looks the room up, connects
 * with protocol {@code scalable-chat.v2} and {@code since} = the last id it saw, resends every message
 * not yet acknowledged (same {@code cid}), and starts over whenever the connection ends, after the web
 * client's pauses (client/backoff.js: about 100 ms after a drain, else 150-300 ms doubling up to 8 s, never
 * sooner than a 503's Retry-After).
 *
 * <p>It records everything it sees, for the checks: its history (in arrival order), every protocol
 * violation it noticed (ids out of order, duplicates, gaps), and each outage (from losing the connection
 * to the next welcome).
 */
final class ChatMember implements AutoCloseable {
    static final String PROTOCOL = "scalable-chat.v2";
    /** The web client's reconnect timings (client/config.js): first step, cap, and the first retry after a drain. */
    static final Duration RECONNECT_BASE = Duration.ofMillis(300);
    static final Duration RECONNECT_MAX = Duration.ofSeconds(8);
    static final Duration QUICK_RETRY = Duration.ofMillis(100);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The first violations are kept word for word; later ones are only counted. */
    static final int MAX_VIOLATIONS_KEPT = 5;

    record Message(long id, String userId, String text, String cid) {}

    /** From the moment the connection was lost to the welcome of the next one (welcomedAt 0 while out). */
    record Outage(long lostAtMillis, long welcomedAtMillis, String closeReason, long locatedAtMillis) {}

    private final URI backend;
    private final String userId;
    private final String userToken;
    private final String roomId;
    private final HttpClient http;

    private final Object lock = new Object();
    private final List<Message> history = new ArrayList<>();               // guarded by lock
    private final Map<String, String> unacknowledged = new LinkedHashMap<>(); // cid -> text, guarded by lock
    private final List<String> violations = new ArrayList<>();             // guarded by lock
    private final List<Outage> outages = new ArrayList<>();                // guarded by lock
    private final AtomicInteger sent = new AtomicInteger();
    private long lastId;                                                   // guarded by lock
    private int welcomes;                                                  // guarded by lock
    private int maxUsersSeen;                                              // guarded by lock
    private int violationCount;                                            // guarded by lock

    private volatile WebSocket socket;
    private volatile WebSocket welcomedSocket;
    private volatile boolean running = true;
    private final Thread loop;

    ChatMember(URI backend, String userId, String userToken, String roomId, HttpClient http) {
        this.backend = backend;
        this.userId = userId;
        this.userToken = userToken;
        this.roomId = roomId;
        this.http = http;
        this.loop = Thread.ofVirtual().name("member " + userId).start(this::stayInRoom);
    }

    String userId() {
        return userId;
    }

    String roomId() {
        return roomId;
    }

    /** Queues a message with a fresh cid and sends it if connected (else it goes out on reconnect). */
    void send(String text) {
        String cid = userId + "-" + sent.incrementAndGet();
        synchronized (lock) {
            unacknowledged.put(cid, text);
        }
        WebSocket ws = socket;
        if (ws != null) {
            transmit(ws, cid, text);
        }
    }

    private void stayInRoom() {
        int attempt = 0;
        while (running) {
            boolean quick = false;
            long retryAfterMillis = 0;
            try {
                CompletableFuture<String> closed = new CompletableFuture<>();
                Attempt result = connect(closed);
                retryAfterMillis = result.retryAfterMillis();
                if (result.socket() != null) {
                    String reason = closed.get();
                    quick = reason.startsWith("1001 ") || reason.startsWith("4401 ");
                }
                if (result.socket() != null && welcomedSocket == result.socket()) {
                    attempt = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the backend or server is down or moving: try again after a pause
            }
            attempt++;
            long delay = quick && attempt == 1 ? QUICK_RETRY.toMillis() : reconnectDelayMillis(attempt);
            try {
                Thread.sleep(Math.max(delay, retryAfterMillis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The web client's backoff (client/backoff.js): exponential with "equal jitter". */
    static long reconnectDelayMillis(int attempt) {
        long step = Math.min(RECONNECT_MAX.toMillis(), RECONNECT_BASE.toMillis() << Math.min(20, Math.max(0, attempt - 1)));
        return step / 2 + (long) (ThreadLocalRandom.current().nextDouble() * step / 2);
    }

    /** One try: the socket when it opened (null when not), and how long the backend asked us to wait. */
    private record Attempt(WebSocket socket, long retryAfterMillis) {}

    /** Looks the room up and connects. */
    private Attempt connect(CompletableFuture<String> closed) throws IOException, InterruptedException {
        HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(backend.resolve("/api/rooms/" + roomId))
                .header("Authorization", "Bearer " + userToken).timeout(CONNECT_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (lookup.statusCode() != 200) {
            long retryAfter = lookup.headers().firstValueAsLong("Retry-After").orElse(0);
            return new Attempt(null, TimeUnit.SECONDS.toMillis(retryAfter));
        }
        JsonObject where = Json.parse(lookup.body()).asObject();
        JsonValue host = where.get("host");
        if (host == null || host.isNull()) {
            note("lookup answered unknown room");
            return new Attempt(null, 0);
        }
        long since;
        synchronized (lock) {
            since = lastId;
            if (!outages.isEmpty() && outages.get(outages.size() - 1).welcomedAtMillis() == 0) {
                Outage open = outages.remove(outages.size() - 1);
                outages.add(new Outage(open.lostAtMillis(), 0, open.closeReason(), System.currentTimeMillis()));
            }
        }
        String query = "token=" + URLEncoder.encode(where.getString("token", ""), StandardCharsets.UTF_8)
                + (since > 0 ? "&since=" + since : "");
        try {
            return new Attempt(http.newWebSocketBuilder()
                    .subprotocols(PROTOCOL)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(URI.create("ws://" + host.asString() + "/?" + query), new Listener(closed))
                    .get(CONNECT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS), 0);
        } catch (Exception e) {
            return new Attempt(null, 0);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> closed;
        private final StringBuilder partial = new StringBuilder();
        private boolean welcomed; // guarded by the member's lock

        Listener(CompletableFuture<String> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                handle(ws, this, Json.parse(frame).asObject());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            lost(ws, code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(ws, "error " + error);
        }

        void markWelcomed() {
            welcomed = true;
        }

        private void lost(WebSocket ws, String reason) {
            if (closed.complete(reason)) {
                synchronized (lock) {
                    if (welcomed) {
                        outages.add(new Outage(System.currentTimeMillis(), 0, reason, 0));
                    }
                }
                if (socket == ws) {
                    socket = null;
                }
            }
        }
    }

    private void handle(WebSocket ws, Listener listener, JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "welcome" -> welcome(ws, listener, frame);
            case "message" -> {
                synchronized (lock) {
                    receive(message(frame), false);
                }
            }
            case "error" -> note("error frame " + frame);
            default -> { } // join, leave
        }
    }

    private void welcome(WebSocket ws, Listener listener, JsonObject frame) {
        Map<String, String> resend;
        synchronized (lock) {
            listener.markWelcomed();
            welcomes++;
            if (welcomes > 1 && !frame.getBoolean("recovered", false)) {
                // the server no longer has every message since lastId: this member has a gap
                note("resumed with a gap (recovered:false) after id " + lastId);
            }
            maxUsersSeen = Math.max(maxUsersSeen, frame.get("users").asArray().size());
            for (JsonValue item : frame.get("messages").asArray()) {
                receive(message(item.asObject()), true);
            }
            if (!outages.isEmpty() && outages.get(outages.size() - 1).welcomedAtMillis() == 0) {
                Outage open = outages.remove(outages.size() - 1);
                outages.add(new Outage(open.lostAtMillis(), System.currentTimeMillis(), open.closeReason(),
                        open.locatedAtMillis()));
            }
            resend = new LinkedHashMap<>(unacknowledged);
        }
        socket = ws;
        welcomedSocket = ws;
        // Off the listener thread: sending waits for the previous send to finish.
        Thread.ofVirtual().start(() -> resend.forEach((cid, text) -> transmit(ws, cid, text)));
    }

    /** Records one message; call with the lock held. */
    private void receive(Message message, boolean fromWelcome) {
        if (message.id() <= lastId) {
            boolean echoOfOwn = message.cid() != null && message.userId().equals(userId)
                    && history.stream().anyMatch(m -> m.id() == message.id() && message.cid().equals(m.cid()));
            if (!echoOfOwn) { // a resend the server deduplicated comes back as its acknowledgement
                note("message " + message.id() + " arrived again or out of order after " + lastId
                        + (fromWelcome ? " (in a welcome)" : ""));
            }
        } else {
            if (lastId > 0 && message.id() != lastId + 1 && (welcomes > 1 || !fromWelcome)) {
                note("gap: message " + message.id() + " after " + lastId);
            }
            history.add(message);
            lastId = message.id();
        }
        if (message.cid() != null && message.userId().equals(userId)) {
            unacknowledged.remove(message.cid());
        }
    }

    private static Message message(JsonObject frame) {
        JsonValue cid = frame.get("cid");
        return new Message(frame.get("id").asLong(), frame.getString("userId", ""), frame.getString("text", ""),
                cid == null || cid.isNull() ? null : cid.asString());
    }

    private void transmit(WebSocket ws, String cid, String text) {
        String frame = Json.object().add("type", "send").add("text", text).add("cid", cid).toString();
        synchronized (ws) { // one send at a time per socket, as java.net.http requires
            try {
                ws.sendText(frame, true).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // the connection is going: the message stays unacknowledged and is resent on reconnect
            }
        }
    }

    private void note(String violation) {
        synchronized (lock) {
            if (violations.size() < MAX_VIOLATIONS_KEPT) {
                violations.add(violation);
            }
            violationCount++;
        }
    }

    List<Message> history() {
        synchronized (lock) {
            return List.copyOf(history);
        }
    }

    int unacknowledged() {
        synchronized (lock) {
            return unacknowledged.size();
        }
    }

    /** The first few violations noticed, word for word. */
    List<String> violations() {
        synchronized (lock) {
            return List.copyOf(violations);
        }
    }

    int violationCount() {
        synchronized (lock) {
            return violationCount;
        }
    }

    List<Outage> outages() {
        synchronized (lock) {
            return List.copyOf(outages);
        }
    }

    int sent() {
        return sent.get();
    }

    int maxUsersSeen() {
        synchronized (lock) {
            return maxUsersSeen;
        }
    }

    /** Whether this member lost a connection at or after {@code epochMillis}. */
    boolean lostConnectionSince(long epochMillis) {
        synchronized (lock) {
            return outages.stream().anyMatch(o -> o.lostAtMillis() >= epochMillis);
        }
    }

    boolean connected() {
        return socket != null;
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
