package scalablechat.backend;

import scalablechat.common.http.HttpJson;
import scalablechat.common.http.Router;
import com.sun.net.httpserver.HttpServer;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.agones.AgonesConfig;
import scalablechat.backend.scheduler.agones.AgonesScheduler;
import scalablechat.backend.scheduler.fixed.StaticScheduler;
import scalablechat.backend.scheduler.fixed.StaticSchedulerConfig;
import scalablechat.backend.scheduler.hathora.HathoraConfig;
import scalablechat.backend.scheduler.hathora.HathoraScheduler;
import scalablechat.backend.scheduler.local.LocalScheduler;
import scalablechat.backend.scheduler.local.LocalSchedulerConfig;
import scalablechat.common.Tokens;
import scalablechat.common.metrics.ProcessMetrics;

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
    private final FleetHistory fleetHistory;

    private BackendServer(HttpServer http, ExecutorService executor, Scheduler scheduler, FleetHistory fleetHistory) {
        this.http = http;
        this.executor = executor;
        this.scheduler = scheduler;
        this.fleetHistory = fleetHistory;
    }

    /** Starts with the scheduler the configuration asks for. */
    public static BackendServer start(BackendConfig config) throws IOException {
        Tokens tokens = new Tokens(config.jwtSecret());
        BackendMetrics metrics = new BackendMetrics();
        Scheduler scheduler = switch (config.schedulerConfig()) {
            case HathoraConfig hathora -> new HathoraScheduler(hathora);
            case StaticSchedulerConfig fixed -> new StaticScheduler(fixed, tokens, metrics::decided);
            case AgonesConfig agones -> new AgonesScheduler(agones, config.jwtSecret());
            case LocalSchedulerConfig local -> new LocalScheduler(local, tokens, metrics::decided);
            default -> throw new IllegalArgumentException("no scheduler for " + config.schedulerConfig());
        };
        try {
            return start(config, scheduler, metrics);
        } catch (IOException | RuntimeException e) {
            scheduler.close();
            throw e;
        }
    }

    /** Starts with a given scheduler, which the server closes when it closes (its decisions are not counted). */
    public static BackendServer start(BackendConfig config, Scheduler scheduler) throws IOException {
        return start(config, scheduler, new BackendMetrics());
    }

    private static BackendServer start(BackendConfig config, Scheduler scheduler, BackendMetrics metrics)
            throws IOException {
        Tokens tokens = new Tokens(config.jwtSecret());
        if (!Files.isRegularFile(config.clientDir().resolve("index.html"))) {
            LOG.log(Level.WARNING, "no index.html in CLIENT_DIR {0}: the web client will answer 404",
                    config.clientDir());
        }
        Scheduler metered = new MeteredScheduler(scheduler, metrics);
        FleetGauges.register(metrics.registry(), metered);
        ProcessMetrics.register(metrics.registry());
        Authenticator authenticator = new Authenticator(tokens);
        RoomsHandler rooms = new RoomsHandler(authenticator, metered, tokens,
                new RoomCreationLimits(config.roomCreation(), System::nanoTime));
        StaticFileHandler files = new StaticFileHandler(config.clientDir());
        FleetHistory fleetHistory = new FleetHistory(scheduler, config.fleetChartSample());
        Router router = new Router(metrics, BackendMetrics.STATIC_ROUTE, BackendMetrics.UNKNOWN_ROUTE)
                .route("POST", "/api/login", new LoginHandler(tokens))
                .route("POST", "/api/rooms", rooms::create)
                .route("GET", "/api/rooms/{roomId}", rooms::lookup)
                .route("GET", "/api/fleet", new FleetHandler(scheduler,
                        config.scheduler().name().toLowerCase(java.util.Locale.ROOT), config.adminToken()))
                .route("GET", "/api/fleet/history", (exchange, params) -> HttpJson.send(exchange, 200, fleetHistory.toJson()))
                .route("GET", "/healthz", new HealthHandler())
                .route("GET", "/readyz", new ReadinessHandler(metered))
                .route("GET", "/metrics", new MetricsHandler(metrics.registry(), config.metricsToken()))
                .fallback("GET", files)
                .fallback("HEAD", files);

        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(config.port()), LISTEN_BACKLOG);
        } catch (IOException e) {
            fleetHistory.close();
            throw e;
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        http.createContext("/", router);
        http.start();
        BackendServer server = new BackendServer(http, executor, scheduler, fleetHistory);
        LOG.log(Level.INFO, "backend listening on port {0,number,#}; {1}", server.port(), config);
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        fleetHistory.close();
        http.stop(0);
        executor.shutdownNow();
        scheduler.close();
    }
}
