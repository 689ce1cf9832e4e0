package scalablechat.session.transport;

import scalablechat.common.metrics.MetricRegistry;
import scalablechat.session.protocol.OutboundFrame;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The transport alone on a loopback port, with a listener that greets every socket with
 * {@code {"type":"hello"}}, echoes text, and records what it saw; clients are the JDK's own WebSocket.
 */
final class TransportHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final BlockingQueue<ClientSocket> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<ClientSocket> closed = new LinkedBlockingQueue<>();
    final WebSocketTransport transport;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final HttpClient http = HttpClient.newHttpClient();

    private TransportHarness(TransportSettings settings, MetricRegistry registry) {
        SocketListener listener = new SocketListener() {
            @Override
            public void opened(ClientSocket socket, String path, String host, String subprotocol) {
                socket.send(OutboundFrame.text("{\"type\":\"hello\"}"));
                opened.add(socket);
            }

            @Override
            public void text(ClientSocket socket, String message) {
                socket.send(OutboundFrame.text(message), true);
            }

            @Override
            public void binary(ClientSocket socket) {
                socket.close(1003, "text only");
            }

            @Override
            public void closed(ClientSocket socket) {
                closed.add(socket);
            }
        };
        transport = new WebSocketTransport(settings, listener, registry, WriteObserver.NONE, timer, e -> { });
    }

    static TransportHarness start(MetricRegistry registry) throws Exception {
        return start(settings(1 << 20), registry);
    }

    static TransportSettings settings(int maxUnsentBytes) {
        return new TransportSettings(0, List.of("v2", ""), 64 * 1024, 30, maxUnsentBytes, 100, 100, 50,
                Duration.ofSeconds(5), 256 * 1024);
    }

    static TransportHarness start(TransportSettings settings, MetricRegistry registry) throws Exception {
        TransportHarness harness = new TransportHarness(settings, registry);
        harness.transport.start();
        return harness;
    }

    long counter(MetricRegistry registry, String name) {
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError("no metric " + name);
    }

    Client connect() throws Exception {
        Client client = new Client();
        client.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + transport.port() + "/"), client)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    @Override
    public void close() {
        transport.stop();
        timer.shutdownNow();
        http.close();
    }

    /** A JDK WebSocket client that queues every text message it receives. */
    static final class Client implements WebSocket.Listener, AutoCloseable {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        /** The next text message, waiting at most {@link #WAIT}. */
        String next() throws InterruptedException {
            String text = texts.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            if (text == null) {
                throw new AssertionError("no message within " + WAIT.toSeconds() + " s");
            }
            return text;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
