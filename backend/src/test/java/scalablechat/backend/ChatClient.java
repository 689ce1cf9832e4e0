package scalablechat.backend;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A chat user in tests: a JDK WebSocket that keeps every snapshot the session server sends, in order. */
final class ChatClient implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final List<JsonObject> snapshots = new ArrayList<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private ChatClient(URI uri) throws Exception {
        this.socket = CLIENT.newWebSocketBuilder().connectTimeout(TestHttp.TIMEOUT)
                .buildAsync(uri, new Listener()).get(TestHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Connects the way a client of the original does: {@code ws://host/?token=...} from the room lookup. */
    static ChatClient connect(JsonObject lookup) throws Exception {
        URI uri = URI.create(lookup.getString("scheme", "ws") + "://" + lookup.getString("host", null)
                + "/?token=" + lookup.getString("token", null));
        return new ChatClient(uri);
    }

    void send(String message) throws Exception {
        socket.sendText(message, true).get(TestHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    synchronized List<JsonObject> snapshots() {
        return List.copyOf(snapshots);
    }

    /** Waits (generously) for a snapshot that satisfies {@code condition}, and returns it. */
    synchronized JsonObject await(Predicate<JsonObject> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        while (true) {
            for (JsonObject snapshot : snapshots) {
                if (condition.test(snapshot)) {
                    return snapshot;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed.isDone()) {
                throw new AssertionError("no snapshot with " + what + "; got " + snapshots
                        + (closed.isDone() ? ", closed: " + closed.join() : ""));
            }
            wait(Math.max(1, Duration.ofNanos(left).toMillis()));
        }
    }

    private synchronized void received(String text) {
        snapshots.add(Json.parse(text).asObject());
        notifyAll();
    }

    /** Waits for the server to close this socket; "<code> <reason>". */
    String awaitClose() throws Exception {
        return closed.get(TestHttp.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private synchronized void closedWith(String reason) {
        closed.complete(reason);
        notifyAll();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedWith(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedWith("error " + error);
        }
    }
}
