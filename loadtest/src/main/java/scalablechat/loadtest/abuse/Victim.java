package scalablechat.loadtest.abuse;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A well-behaved member of the attacked room, on the JDK's WebSocket client: it chats between attacks and remembers
 * the ids of its acknowledged messages, which must all still be in the room at the end.
 */
final class Victim implements AutoCloseable {
    static final String PROTOCOL = "scalable-chat.v2";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** What the JDK's client says when it fails to decode a text frame, in the cause of its ProtocolException. */
    private static final String JDK_CLIENT_UTF8_FAILURE = "Invalid UTF-8 in frame TEXT";

    private final String userId;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final List<Long> acknowledged = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private WebSocket socket;
    private int sent;

    private Victim(String userId) {
        this.userId = userId;
    }

    /** Logs in, looks the room up and joins it; returns once welcomed. */
    static Victim join(Api api, String userId, String roomId) throws IOException {
        Victim victim = new Victim(userId);
        victim.connect(api, roomId, -1);
        return victim;
    }

    String userId() {
        return userId;
    }

    List<Long> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /**
     * (Re)connects; {@code since} >= 0 resumes after that id. Returns the welcome. The JDK's WebSocket client (JDK 25)
     * now and then rejects a big welcome (hundreds of KB, as after the flood attacks) as "Invalid UTF-8 in frame TEXT",
     * although a strict client reads the same frames whole ({@code BigFrameTest} in the session server's tests); that
     * client failure gets one more try, any other failure none.
     */
    JsonObject connect(Api api, String roomId, long since) throws IOException {
        try {
            return connectOnce(api, roomId, since);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains(JDK_CLIENT_UTF8_FAILURE)) {
                throw e;
            }
            System.err.println(userId + ": the JDK's WebSocket client failed to decode a frame; connecting again");
            return connectOnce(api, roomId, since);
        }
    }

    private JsonObject connectOnce(Api api, String roomId, long since) throws IOException {
        if (socket != null) {
            socket.abort();
        }
        frames.clear();
        Api.Placement placement = api.lookup(api.login(userId), roomId);
        String scheme = placement.scheme().startsWith("ws") ? placement.scheme() : placement.scheme().replace("http", "ws");
        URI uri = URI.create(scheme + "://" + placement.host() + "/?token="
                + URLEncoder.encode(placement.token(), StandardCharsets.UTF_8) + (since >= 0 ? "&since=" + since : ""));
        socket = http.newWebSocketBuilder().subprotocols(PROTOCOL).connectTimeout(WAIT)
                .buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return expect("welcome");
    }

    /** Sends a message and waits for its acknowledgement (the message itself, with its id). */
    long say(String text) throws IOException {
        String cid = userId + "-" + (++sent);
        socket.sendText(Json.object().add("type", "send").add("text", text).add("cid", cid).toString(), true).join();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject frame = next(deadline);
            if ("message".equals(frame.getString("type", null)) && cid.equals(frame.getString("cid", null))) {
                long id = frame.getLong("id", -1);
                acknowledged.add(id);
                return id;
            }
            if ("error".equals(frame.getString("type", null))) {
                throw new IOException(userId + "'s message was refused: " + frame);
            }
        }
    }

    /** Waits for a message with {@code text} from someone. */
    void hears(String text) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject frame = next(deadline);
            if ("message".equals(frame.getString("type", null)) && text.equals(frame.getString("text", null))) {
                return;
            }
        }
    }

    JsonObject expect(String type) throws IOException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonObject frame = next(deadline);
            if (type.equals(frame.getString("type", null))) {
                return frame;
            }
        }
    }

    private JsonObject next(long deadline) throws IOException {
        try {
            JsonObject frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new IOException(userId + " heard nothing for " + WAIT.toSeconds() + " s");
            }
            if (frame.getBoolean("closed", false)) {
                throw new IOException(userId + "'s connection closed: " + frame);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        http.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Json.parse(partial.toString()).asObject());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            frames.add(Json.object().add("closed", true).add("code", statusCode).add("reason", reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            String cause = error.getCause() == null ? "" : " (" + error.getCause().getMessage() + ")";
            frames.add(Json.object().add("closed", true).add("error", error + cause));
        }
    }
}
