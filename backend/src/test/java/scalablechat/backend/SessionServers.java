package scalablechat.backend;

import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real session servers on free loopback ports for backend tests, and the SESSION_SERVER_HOST that lists them.
 * They share a temporary DATA_DIR, as servers on one machine do, deleted on close.
 */
final class SessionServers implements AutoCloseable {
    private final List<SessionServer> servers = new ArrayList<>();
    private final Path dataDir;

    private SessionServers(Path dataDir) {
        this.dataDir = dataDir;
    }

    static SessionServers start(int count, int roomsPerServer) throws Exception {
        TestServers.applyHttpServerLimits();
        SessionServers started = new SessionServers(Files.createTempDirectory("session-servers-"));
        try {
            for (int i = 0; i < count; i++) {
                Map<String, String> env = new HashMap<>();
                env.put("PORT", "0");
                env.put("JWT_SECRET", TestServers.SECRET);
                env.put("DATA_DIR", started.dataDir.toString());
                env.put("FSYNC", "never");
                env.put("ROOMS_PER_SERVER", Integer.toString(roomsPerServer));
                started.servers.add(SessionServer.start(SessionConfig.from(new Env(env))));
            }
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The host clients dial for server {@code i}, as the backend names it in lookups. */
    String host(int i) {
        return "127.0.0.1:" + servers.get(i).port();
    }

    /** {@code SESSION_SERVER_HOST} naming every server, with its internal port. */
    String sessionServerHost() {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            entries.add(host(i) + "@" + servers.get(i).internalPort());
        }
        return String.join(",", entries);
    }

    void stop(int i) {
        servers.get(i).close();
    }

    @Override
    public void close() {
        for (SessionServer server : servers) {
            try {
                server.close();
            } catch (RuntimeException e) {
                // already closed by a test
            }
        }
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
