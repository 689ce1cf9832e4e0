package scalablechat.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tool's WebSocket client: a minimal RFC 6455 client on NIO, for {@code ws://} only, without extensions.
 * The handshake runs blocking on the caller's (virtual) thread; then the connection joins one of a few
 * {@link WsIo} threads, round-robin. Neither the JDK's client (a chain of futures, executors and character
 * decoding for every frame) nor Java-WebSocket's (two platform threads per connection) stays cheap enough
 * at 100,000 deliveries a second next to the server on a two-core machine; see BENCHMARKS.md.
 */
final class WsClient implements AutoCloseable {
    private final List<WsIo> threads = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    WsClient(int ioThreads) {
        try {
            for (int i = 0; i < ioThreads; i++) {
                threads.add(new WsIo("ws-io-" + i));
            }
        } catch (IOException e) {
            close();
            throw new LoadException("cannot open a selector: " + e.getMessage(), e);
        }
    }

    /** Connects and upgrades; throws {@link LoadException} saying why when the server refuses or is silent. */
    WsConnection connect(URI uri, String subprotocol, WsConnection.Listener listener, Duration timeout) {
        if (!"ws".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new LoadException("not a ws://host:port URL: " + uri);
        }
        WsHandshake handshake = new WsHandshake(subprotocol);
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) timeout.toMillis());
            channel.socket().setSoTimeout((int) timeout.toMillis());
            ByteBuffer request = ByteBuffer.wrap(handshake.request(uri));
            while (request.hasRemaining()) {
                channel.write(request);
            }
            byte[] answer = new byte[WsHandshake.MAX_RESPONSE_BYTES];
            int length = 0;
            int headerEnd = -1;
            InputStream in = channel.socket().getInputStream();
            while (headerEnd < 0) {
                if (length == answer.length) {
                    throw new LoadException("the upgrade answer's headers are over " + answer.length + " bytes");
                }
                int n = in.read(answer, length, answer.length - length);
                if (n < 0) {
                    throw new LoadException("the server closed the connection during the upgrade");
                }
                length += n;
                headerEnd = WsHandshake.headerEnd(answer, length);
            }
            handshake.check(new String(answer, 0, headerEnd, StandardCharsets.ISO_8859_1));
            channel.configureBlocking(false);
            WsIo io = threads.get(Math.floorMod(next.getAndIncrement(), threads.size()));
            WsConnection connection = new WsConnection(channel, listener, io);
            byte[] early = java.util.Arrays.copyOfRange(answer, headerEnd, length);
            io.register(connection, channel, early, early.length);
            return connection;
        } catch (SocketTimeoutException e) {
            closeQuietly(channel);
            throw new LoadException("no upgrade answer from " + uri.getRawAuthority() + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LoadException("cannot connect to " + uri.getRawAuthority() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        threads.forEach(WsIo::close);
    }
}
