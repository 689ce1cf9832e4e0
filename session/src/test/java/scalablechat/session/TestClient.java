package scalablechat.session;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/** A WebSocket client for tests (the JDK's): collects text frames in a queue and records the close. */
final class TestClient implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Close(int code, String reason) {}

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private TestClient() {}

    /** Connects and waits for the upgrade; {@code subprotocol} null speaks the original protocol. */
    static TestClient connect(URI uri, String subprotocol) throws Exception {
        return connectAsync(uri, subprotocol).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static CompletableFuture<TestClient> connectAsync(URI uri, String subprotocol) {
        TestClient client = new TestClient();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(WAIT);
        if (subprotocol != null) {
            builder.subprotocols(subprotocol);
        }
        return builder.buildAsync(uri, client).thenApply(ws -> {
            client.socket = ws;
            return client;
        });
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(1006, String.valueOf(error)));
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void sendV2(String text, String cid) {
        JsonObject frame = Json.object().add("type", "send").add("text", text);
        if (cid != null) {
            frame.add("cid", cid);
        }
        send(frame.toString());
    }

    /** The next text frame; fails the test when none comes in time. */
    String next() throws InterruptedException {
        String frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            fail("no frame within " + WAIT.toSeconds() + " s" + (closed.isDone() ? "; closed: " + closed.join() : ""));
        }
        return frame;
    }

    JsonObject nextJson() throws InterruptedException {
        return Json.parse(next()).asObject();
    }

    /** The next frame, which must be a v2 frame of {@code type}. */
    JsonObject expect(String type) throws InterruptedException {
        JsonObject frame = nextJson();
        assertEquals(type, frame.getString("type", null), () -> "frame " + frame);
        return frame;
    }

    /** A frame that arrives within {@code millis}, or null. Only for asserting that nothing more came. */
    String poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    void expectNothingQueued() {
        assertNull(frames.peek(), "unexpected frame");
    }

    /** Every frame up to and including the close; fails when the close does not come in time. */
    List<String> drainUntilClosed() throws Exception {
        Close close = awaitClose();
        assertNotNull(close);
        List<String> rest = new ArrayList<>();
        frames.drainTo(rest);
        return rest;
    }

    Close awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !closed.isDone()) {
            socket.abort();
        }
    }
}
