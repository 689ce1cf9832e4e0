package scalablechat.backend;

import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Real session servers on free loopback ports for backend tests, and the SESSION_SERVER_HOST that lists them. */
final class SessionServers implements AutoCloseable {
    private final List<SessionServer> servers = new ArrayList<>();

    static SessionServers start(int count, int roomsPerServer) throws Exception {
        SessionServers started = new SessionServers();
        try {
            for (int i = 0; i < count; i++) {
                Map<String, String> env = new HashMap<>();
                env.put("PORT", "0");
                env.put("JWT_SECRET", TestServers.SECRET);
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
    }
}
