package scalablechat.session;

import scalablechat.common.Env;
import scalablechat.common.http.HttpServerLimits;
import scalablechat.common.contract.SharedSettings;
import scalablechat.session.ops.ParentWatch;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar dist/session.jar}: a session server configured from the environment.
 * Exits 2 on a bad configuration, 1 when a port cannot be opened, 3 when the WebSocket server dies of a
 * fatal error (it can serve no one then). SIGTERM drains gracefully.
 */
public final class SessionMain {
    /** Beyond DRAIN_TIMEOUT_SECONDS, what SIGTERM waits for the last sockets to close. */
    private static final long SHUTDOWN_SLACK_SECONDS = 5;
    /** Exit status when the WebSocket server died and the process stops so that a supervisor replaces it. */
    static final int EXIT_BROKEN = 3;

    private SessionMain() {}

    public static void main(String[] args) {
        SessionConfig config;
        long parentPid;
        try {
            Env env = Env.system();
            config = SessionConfig.from(env);
            parentPid = SharedSettings.PARENT_PID.intValue(env, 0);
        } catch (Env.ConfigException e) {
            System.err.println("session server: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (parentPid != 0) {
            watchParent(parentPid);
        }
        // before the internal port's HttpServer exists: the JDK reads them once; the same limits as the backend's
        HttpServerLimits.apply();
        SessionServer server;
        try {
            server = SessionServer.start(config);
        } catch (IOException e) {
            System.err.println("session server: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("session server: ws://" + server.host() + " (port " + server.port()
                + "), internal http port " + server.internalPort());
        reportClassDataSharing();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drainAndWait(server, config), "session-sigterm"));
        server.broken().thenAccept(cause -> {
            System.err.println("session server: the WebSocket server failed (" + cause + "); exiting with status "
                    + EXIT_BROKEN + " so that a supervisor replaces this process");
            server.close(); // what the room logs acknowledged is already durable; this closes them cleanly
            Runtime.getRuntime().halt(EXIT_BROKEN);
        });
        server.stopped().join();
        System.out.println("session server: stopped");
        System.exit(0);
    }

    /**
     * Says so when the JVM runs without class-data sharing: launchers silence the JVM's own complaint about an
     * archive it could not use (ClassDataArchive), and without sharing a server starts about twice as slowly.
     */
    private static void reportClassDataSharing() {
        if (!System.getProperty("java.vm.info", "").contains("sharing")) {
            System.err.println("session server: class-data sharing is off, so this server started slower than it could;"
                    + " an archive given with -XX:AOTCache or -XX:SharedArchiveFile was made by another JDK or for"
                    + " another session.jar, or is damaged (./build.sh makes a fresh one)");
        }
    }

    /** Exits (draining, as on SIGTERM) when the process that started this one is gone. */
    private static void watchParent(long parentPid) {
        try {
            ParentWatch.start(parentPid, () -> System.exit(0));
        } catch (IllegalArgumentException e) {
            System.err.println("session server: configuration error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void drainAndWait(SessionServer server, SessionConfig config) {
        try {
            server.drain().get(config.drainTimeout().toSeconds() + SHUTDOWN_SLACK_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            server.close();
        }
    }
}
