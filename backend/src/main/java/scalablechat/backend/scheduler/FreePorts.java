package scalablechat.backend.scheduler;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * Picks ports for a session server about to start: a free WebSocket port {@code p} whose internal port
 * {@code p + }{@link #INTERNAL_PORT_OFFSET} is free too, so the local fleet follows the same convention
 * as servers anyone runs by hand and a server's {@code host:port} is all it takes to reach both ports.
 * The ports are released just before the child binds them; if another process takes one in between,
 * the child fails to start and the fleet starts another on fresh ports.
 */
final class FreePorts {
    /** The session server's default distance from {@code PORT} to {@code INTERNAL_PORT}. */
    static final int INTERNAL_PORT_OFFSET = 1000;
    private static final int ATTEMPTS = 50;

    private FreePorts() {}

    /** A free WebSocket port whose internal port is free as well. */
    static int pair() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port + INTERNAL_PORT_OFFSET > 65_535) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket(port + INTERNAL_PORT_OFFSET)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("found no free port p with p + " + INTERNAL_PORT_OFFSET + " free as well");
    }
}
