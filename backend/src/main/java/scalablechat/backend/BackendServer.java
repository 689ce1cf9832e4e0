package scalablechat.backend;

import com.sun.net.httpserver.HttpServer;
import scalablechat.backend.scheduler.HathoraScheduler;
import scalablechat.backend.scheduler.LocalScheduler;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SessionServerClient;
import scalablechat.backend.scheduler.StaticScheduler;
import scalablechat.common.Tokens;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The backend: REST API, web client files and health check on one JDK HTTP server, each exchange on
 * its own virtual thread (handlers block on session servers). Embeddable: tests start it with
 * {@code PORT=0} and read {@link #port()}.
 */
public final class BackendServer implements AutoCloseable {
    /** Pending connections the kernel queues before accept. */
    static final int LISTEN_BACKLOG = 1024;
    private static final System.Logger LOG = System.getLogger(BackendServer.class.getName());

    private final HttpServer http;
    private final ExecutorService executor;
    private final Scheduler scheduler;

    private BackendServer(HttpServer http, ExecutorService executor, Scheduler scheduler) {
        this.http = http;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    /** Starts with the scheduler the configuration asks for. */
    public static BackendServer start(BackendConfig config) throws IOException {
        Tokens tokens = new Tokens(config.jwtSecret());
        Scheduler scheduler = switch (config.scheduler()) {
            case HATHORA -> new HathoraScheduler(config.hathora().orElseThrow());
            case STATIC -> new StaticScheduler(config.sessionServers(),
                    new SessionServerClient(tokens, config.sessionServerTimeout()));
            case LOCAL -> new LocalScheduler(config.local().orElseThrow(), tokens, config.sessionServerTimeout());
        };
        try {
            return start(config, scheduler);
        } catch (IOException | RuntimeException e) {
            scheduler.close();
            throw e;
        }
    }

    /** Starts with a given scheduler, which the server closes when it closes. */
    public static BackendServer start(BackendConfig config, Scheduler scheduler) throws IOException {
        Tokens tokens = new Tokens(config.jwtSecret());
        if (!Files.isRegularFile(config.clientDir().resolve("index.html"))) {
            LOG.log(Level.WARNING, "no index.html in CLIENT_DIR {0}: the web client will answer 404",
                    config.clientDir());
        }
        Authenticator authenticator = new Authenticator(tokens);
        RoomsHandler rooms = new RoomsHandler(authenticator, scheduler, tokens);
        StaticFileHandler files = new StaticFileHandler(config.clientDir());
        Router router = new Router()
                .route("POST", "/api/login", new LoginHandler(tokens))
                .route("POST", "/api/rooms", rooms::create)
                .route("GET", "/api/rooms/{roomId}", rooms::lookup)
                .route("GET", "/api/fleet", new FleetHandler(scheduler,
                        config.scheduler().name().toLowerCase(java.util.Locale.ROOT), config.adminToken()))
                .route("GET", "/healthz", new HealthHandler())
                .fallback("GET", files)
                .fallback("HEAD", files);

        HttpServer http = HttpServer.create(new InetSocketAddress(config.port()), LISTEN_BACKLOG);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", router);
        http.start();
        BackendServer server = new BackendServer(http, executor, scheduler);
        LOG.log(Level.INFO, "backend listening on port {0,number,#}; {1}", server.port(), config);
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        scheduler.close();
    }
}
