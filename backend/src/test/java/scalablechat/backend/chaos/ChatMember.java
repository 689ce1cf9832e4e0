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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One chat member that stays in its room the way the web client does: it looks the room up, connects
 * with protocol {@code scalable-chat.v2} and {@code since} = the last id it saw, resends every message
 * not yet acknowledged (same {@code cid}), and starts over whenever the connection ends.
 *
 * <p>It records everything it sees, for the checks: its history (in arrival order), every protocol
 * violation it noticed (ids out of order, duplicates, gaps), and each outage (from losing the connection
 * to the next welcome).
 */
final class ChatMember implements AutoCloseable {
    static final String PROTOCOL = "scalable-chat.v2";
    /** Pause between attempts to get back in, like the web client's quick first retries. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(150);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    record Message(long id, String userId, String text, String cid) {}

    /** From the moment the connection was lost to the welcome of the next one (welcomedAt 0 while out). */
    record Outage(long lostAtMillis, long welcomedAtMillis, String closeReason) {}

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

    private volatile WebSocket socket;
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
        while (running) {
            try {
                CompletableFuture<String> closed = new CompletableFuture<>();
                WebSocket ws = connect(closed);
                if (ws != null) {
                    String reason = closed.get();
                    socket = null;
                    synchronized (lock) {
                        outages.add(new Outage(System.currentTimeMillis(), 0, reason));
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the backend or server is down or moving: try again shortly
            }
            if (running) {
                try {
                    Thread.sleep(RETRY_PAUSE);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Looks the room up and connects; null when the lookup said to try again. */
    private WebSocket connect(CompletableFuture<String> closed) throws IOException, InterruptedException {
        HttpResponse<String> lookup = http.send(HttpRequest.newBuilder(backend.resolve("/api/rooms/" + roomId))
                .header("Authorization", "Bearer " + userToken).timeout(CONNECT_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (lookup.statusCode() != 200) {
            return null;
        }
        JsonObject where = Json.parse(lookup.body()).asObject();
        JsonValue host = where.get("host");
        if (host == null || host.isNull()) {
            note("lookup answered unknown room");
            return null;
        }
        long since;
        synchronized (lock) {
            since = lastId;
        }
        String query = "token=" + URLEncoder.encode(where.getString("token", ""), StandardCharsets.UTF_8)
                + (since > 0 ? "&since=" + since : "");
        try {
            return http.newWebSocketBuilder()
                    .subprotocols(PROTOCOL)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(URI.create("ws://" + host.asString() + "/?" + query), new Listener(closed))
                    .get(CONNECT_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<String> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(CompletableFuture<String> closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                handle(ws, Json.parse(frame).asObject());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete("error " + error);
        }
    }

    private void handle(WebSocket ws, JsonObject frame) {
        switch (frame.getString("type", "")) {
            case "welcome" -> welcome(ws, frame);
            case "message" -> {
                synchronized (lock) {
                    receive(message(frame), false);
                }
            }
            case "error" -> note("error frame " + frame);
            default -> { } // join, leave
        }
    }

    private void welcome(WebSocket ws, JsonObject frame) {
        Map<String, String> resend;
        synchronized (lock) {
            welcomes++;
            if (welcomes > 1 && !frame.getBoolean("recovered", false)) {
                note("resumed with a gap (recovered:false) after id " + lastId);
            }
            maxUsersSeen = Math.max(maxUsersSeen, frame.get("users").asArray().size());
            for (JsonValue item : frame.get("messages").asArray()) {
                receive(message(item.asObject()), true);
            }
            if (!outages.isEmpty() && outages.get(outages.size() - 1).welcomedAtMillis() == 0) {
                Outage open = outages.remove(outages.size() - 1);
                outages.add(new Outage(open.lostAtMillis(), System.currentTimeMillis(), open.closeReason()));
            }
            resend = new LinkedHashMap<>(unacknowledged);
        }
        socket = ws;
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
            violations.add(userId + "@" + roomId + ": " + violation);
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

    List<String> violations() {
        synchronized (lock) {
            return List.copyOf(violations);
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
