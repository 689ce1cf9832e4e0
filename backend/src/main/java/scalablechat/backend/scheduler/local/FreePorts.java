package scalablechat.backend.scheduler.local;

import scalablechat.common.contract.SessionPorts;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * Picks ports for a session server about to start: a free WebSocket port {@code p} whose internal port
 * {@code p + }{@link SessionPorts#SessionPorts.INTERNAL_PORT_OFFSET} is free too, so the local fleet follows the same convention
 * as servers anyone runs by hand and a server's {@code host:port} is all it takes to reach both ports.
 * The ports are released just before the child binds them; if another process takes one in between,
 * the child fails to start and the fleet starts another on fresh ports.
 */
final class FreePorts {
    /** The session server's default distance from {@code PORT} to {@code INTERNAL_PORT}. */
    private static final int ATTEMPTS = 50;

    private FreePorts() {}

    /**
     * The ports SESSION_PORTS allows, {@code first} to {@code last}, for a firewall or a TLS proxy set up ahead;
     * their internal ports are {@code first + 1000} to {@code last + 1000}.
     */
    record Range(int first, int last) {
        static final int LOWEST = 1024;

        /** {@code "20000-20099"}; a config error, naming {@code name}, when it is not a usable range. */
        static Range parse(String name, String text) {
            String[] ends = text.trim().split("-");
            try {
                if (ends.length == 2) {
                    Range range = new Range(Integer.parseInt(ends[0].trim()), Integer.parseInt(ends[1].trim()));
                    if (range.first >= LOWEST && range.first <= range.last
                            && range.last + SessionPorts.INTERNAL_PORT_OFFSET <= 65_535) {
                        return range;
                    }
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new scalablechat.common.Env.ConfigException(name + " must be a range of ports such as 20000-20099, from "
                    + LOWEST + " up, with each port + " + SessionPorts.INTERNAL_PORT_OFFSET + " at most 65535; got \"" + text + "\"");
        }

        int size() {
            return last - first + 1;
        }
    }

    /** The first port of {@code range} whose internal port is free as well, or any free pair without a range. */
    static int pair(java.util.Optional<Range> range) throws IOException {
        if (range.isEmpty()) {
            return pair();
        }
        for (int port = range.get().first(); port <= range.get().last(); port++) {
            try (ServerSocket first = new ServerSocket(port);
                 ServerSocket second = new ServerSocket(port + SessionPorts.INTERNAL_PORT_OFFSET)) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        throw new IOException("no free port in SESSION_PORTS " + range.get().first() + "-" + range.get().last()
                + " whose internal port (+" + SessionPorts.INTERNAL_PORT_OFFSET + ") is free too");
    }

    /** A free WebSocket port whose internal port is free as well. */
    static int pair() throws IOException {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port + SessionPorts.INTERNAL_PORT_OFFSET > 65_535) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket(port + SessionPorts.INTERNAL_PORT_OFFSET)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("found no free port p with p + " + SessionPorts.INTERNAL_PORT_OFFSET + " free as well");
    }
}
