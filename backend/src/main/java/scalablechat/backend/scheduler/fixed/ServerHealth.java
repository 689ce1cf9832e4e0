package scalablechat.backend.scheduler.fixed;

import scalablechat.backend.scheduler.ServerStatus;
import scalablechat.backend.scheduler.SessionServerAddress;
import scalablechat.backend.scheduler.SessionServerClient;
import scalablechat.backend.scheduler.SessionServerUnreachableException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the static scheduler knows of its session servers' health, from asking each one for its status
 * every {@link #INTERVAL} in the background. A server that stops answering (or starts draining) is out
 * of rotation after at most one interval plus one call timeout (3 s with the defaults); one that answers
 * again is back in after one interval. Room creation and the fleet view read this instead of asking
 * every server each time, and a lookup of a room whose server is known to be down answers at once.
 */
final class ServerHealth implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ServerHealth.class.getName());
    /** How often each server is asked for its status. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /**
     * One server's last known state: a status, or null when it did not answer; {@code at} is when;
     * {@code tokenRejected} when it answered but refused our internal token (another JWT_SECRET).
     */
    record Probe(SessionServerAddress server, ServerStatus status, Instant at, boolean tokenRejected) {
        Probe(SessionServerAddress server, ServerStatus status, Instant at) {
            this(server, status, at, false);
        }

        boolean up() {
            return status != null;
        }

        boolean acceptsRooms() {
            return status != null && status.hasRoomForMore();
        }
    }

    private final List<SessionServerAddress> servers;
    private final SessionServerClient client;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<SessionServerAddress, Probe> latest = new LinkedHashMap<>(); // guarded by itself
    private final Thread prober;
    private volatile boolean running = true;

    ServerHealth(List<SessionServerAddress> servers, SessionServerClient client) {
        this.servers = List.copyOf(servers);
        this.client = client;
        this.prober = Thread.ofVirtual().name("static-scheduler-health").start(this::run);
    }

    private void run() {
        while (running) {
            probeAll();
            try {
                Thread.sleep(INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Asks every server now (in parallel, each call bounded by its timeout) and returns the answers. */
    List<Probe> probeAll() {
        List<Future<ServerStatus>> pending = new ArrayList<>();
        for (SessionServerAddress server : servers) {
            pending.add(calls.submit(() -> client.status(server)));
        }
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            probes.add(await(servers.get(i), pending.get(i)));
        }
        probes.forEach(this::record);
        return probes;
    }

    private Probe await(SessionServerAddress server, Future<ServerStatus> pending) {
        try {
            return new Probe(server, pending.get(), Instant.now()); // bounded: every call has its own timeout
        } catch (ExecutionException e) {
            boolean rejected = e.getCause() instanceof SessionServerUnreachableException u && u.tokenRejected();
            return new Probe(server, null, Instant.now(), rejected);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(server, null, Instant.now());
        }
    }

    private void record(Probe probe) {
        Probe previous;
        synchronized (latest) {
            previous = latest.put(probe.server(), probe);
        }
        boolean wasUp = previous == null || previous.up();
        if (probe.tokenRejected() && (previous == null || !previous.tokenRejected())) {
            // An operator's mistake, not an outage: say which one, so nobody goes looking for a dead server.
            LOG.log(System.Logger.Level.ERROR, "session server {0} rejects our internal token: JWT_SECRET differs;"
                    + " no new rooms for it", probe.server());
        } else if (wasUp && !probe.up() && !probe.tokenRejected()) {
            LOG.log(System.Logger.Level.WARNING, "session server {0} is not answering: no new rooms for it", probe.server());
        } else if (previous != null && !previous.up() && probe.up()) {
            LOG.log(System.Logger.Level.INFO, "session server {0} is back", probe.server());
        }
    }

    /** The last probe of every server, in configuration order; empty entries before the first round. */
    List<Probe> latest() {
        List<Probe> probes = new ArrayList<>();
        synchronized (latest) {
            for (SessionServerAddress server : servers) {
                Probe probe = latest.get(server);
                if (probe != null) {
                    probes.add(probe);
                }
            }
        }
        return probes;
    }

    /** Why no server takes rooms, for the API's 503: another JWT_SECRET when every one refused our token. */
    String whyNoneReachable() {
        synchronized (latest) {
            boolean allRejected = !latest.isEmpty() && latest.values().stream().allMatch(Probe::tokenRejected);
            return allRejected ? "the session servers reject our internal token: JWT_SECRET differs"
                    : "no session server is reachable";
        }
    }

    /** Whether the server's last probe refused our internal token. */
    boolean rejectsOurToken(SessionServerAddress server) {
        synchronized (latest) {
            Probe probe = latest.get(server);
            return probe != null && probe.tokenRejected();
        }
    }

    /** Whether the server's last probe failed (false while it has not been asked yet). */
    boolean knownDown(SessionServerAddress server) {
        synchronized (latest) {
            Probe probe = latest.get(server);
            return probe != null && !probe.up();
        }
    }

    /** The server just admitted a room: count it until the next probe, so the next placement sees it. */
    void admitted(SessionServerAddress server) {
        synchronized (latest) {
            Probe probe = latest.get(server);
            if (probe != null && probe.up()) {
                ServerStatus status = probe.status();
                latest.put(server, new Probe(server, new ServerStatus(status.draining(), status.rooms() + 1,
                        status.maxRooms(), status.roomList(), status.traffic()), probe.at()));
            }
        }
    }

    /** A call to the server just failed: take it out of rotation until a probe gets an answer again. */
    void unreachable(SessionServerAddress server, SessionServerUnreachableException why) {
        record(new Probe(server, null, Instant.now(), why.tokenRejected()));
    }

    @Override
    public void close() {
        running = false;
        prober.interrupt();
        calls.shutdownNow();
    }
}
