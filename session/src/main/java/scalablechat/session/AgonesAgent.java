package scalablechat.session;

import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * This session server's side of Agones, when {@code AGONES_SDK_HTTP_PORT} is set: it learns its public address
 * and room cap from its GameServer, says Ready once both ports listen, reports health every {@link #HEALTH_EVERY}
 * while it can serve, lets a room open only when it is in its {@code rooms} list (or a backend has just allocated
 * it here), frees a room's slot when the room closes, says Ready again when its last room has closed (an
 * Allocated GameServer is never scaled down), and on a drain marks itself draining, drains, frees its rooms and
 * shuts its GameServer down. The sidecar being slow or failing is logged and retried; it never stops the server.
 */
public final class AgonesAgent implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgonesAgent.class.getName());
    static final Duration HEALTH_EVERY = Duration.ofSeconds(2);
    /** How often the rooms list is read again, so a room the backend allocated here can open. */
    static final Duration LIST_EVERY = Duration.ofSeconds(1);
    static final Duration RETRY = Duration.ofMillis(500);
    /**
     * A session token signed this recently may open a room not yet in the list as this server last read it: the
     * backend signs one right after Agones allocated the room here, and the list shows it about a second later.
     */
    static final Duration JUST_ALLOCATED = Duration.ofSeconds(30);

    private final AgonesSdk sdk;
    private final SessionServer server;
    private final SessionConfig config;
    /** One thread for the sidecar's calls that change things, so they reach it in order. */
    private final ExecutorService changes = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("agones-sdk").factory());
    private final Thread loop;
    private volatile Set<String> listed = Set.of();
    private volatile boolean running = true;

    public AgonesAgent(SessionServer server, SessionConfig config) {
        this.server = server;
        this.config = config;
        this.sdk = new AgonesSdk(config.agonesSdkPort(), config.agonesRoomsList());
        this.loop = Thread.ofVirtual().name("agones-agent").start(this::run);
    }

    /** The gate for rooms not open here: in the list as last read, or a fresh token (and then added to the list). */
    public boolean mayOpen(String roomId, long issuedAtSeconds) {
        if (listed.contains(roomId)) {
            return true;
        }
        if (Instant.now().getEpochSecond() - issuedAtSeconds > JUST_ALLOCATED.toSeconds()) {
            return false;
        }
        submit(() -> addRoom(roomId)); // usually there already (the allocation put it there); then refused, harmlessly
        return true;
    }

    private void run() {
        try {
            start();
        } catch (InterruptedException e) {
            return;
        }
        long nextHealth = 0;
        while (running) {
            long now = System.nanoTime();
            if (now >= nextHealth) {
                nextHealth = now + HEALTH_EVERY.toNanos();
                if (server.brokenReason() == null) { // a server that cannot serve stops saying it is healthy
                    quietly("health", sdk::health);
                }
            }
            quietly("reading the rooms list", () -> listed = Set.copyOf(sdk.rooms().values()));
            try {
                Thread.sleep(LIST_EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Address and cap from the GameServer (retried until the sidecar has them), then Ready. */
    private void start() throws InterruptedException {
        if (config.publicHost() == null) {
            String host = null;
            while (running && host == null) {
                try {
                    host = sdk.publicHost(); // empty until the pod is scheduled and its port assigned
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "Agones SDK: reading the GameServer: " + e.getMessage());
                }
                if (host == null) {
                    Thread.sleep(RETRY);
                }
            }
            server.learnHost(host);
        }
        while (running) {
            try {
                AgonesSdk.RoomsList rooms = sdk.rooms();
                listed = Set.copyOf(rooms.values());
                if (!config.roomsPerServerSet() && rooms.capacity() > 0) {
                    server.setMaxRooms(rooms.capacity());
                }
                sdk.ready();
                LOG.log(System.Logger.Level.INFO, "Agones: Ready at {0}, room cap {1}", server.host(),
                        String.valueOf(server.maxRooms()));
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Agones SDK: getting ready: " + e.getMessage());
                Thread.sleep(RETRY);
            }
        }
    }

    /** A room left this server: free its slot; with no room left, Ready again so the fleet may scale down. */
    public void roomLeft(String roomId) {
        submit(() -> {
            removeRoom(roomId);
            if (server.openRooms() == 0 && !server.isDraining()) {
                quietly("ready again", sdk::ready);
            }
        });
    }

    /** Before a drain: no new allocations here (the label is {@code agones.dev/sdk-draining}). */
    public void markDraining() {
        quietly("marking draining", () -> sdk.label("draining", "true"));
    }

    /** After a drain: free every room slot, then shut the GameServer down. */
    public void releaseAndShutDown() {
        running = false;
        Set<String> held = new HashSet<>(listed);
        quietly("reading the rooms list", () -> held.addAll(sdk.rooms().values()));
        for (String roomId : held) {
            removeRoom(roomId);
        }
        quietly("shutting down", sdk::shutdown);
    }

    private void addRoom(String roomId) {
        try {
            sdk.addRoom(roomId);
        } catch (AgonesSdk.ValueRefusedException e) {
            // In the list already (the allocation added it), or the list is full: nothing to do either way.
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Agones SDK: adding room " + roomId + ": " + e.getMessage());
        }
    }

    /** Removes a room id; "not found" means it is gone already: done, not an error. A failure is tried again a few times. */
    private void removeRoom(String roomId) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                sdk.removeRoom(roomId);
                return;
            } catch (AgonesSdk.ValueRefusedException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Agones SDK: removing room " + roomId + ": " + e.getMessage());
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private interface SdkCall {
        void run() throws IOException;
    }

    private static void quietly(String what, SdkCall call) {
        try {
            call.run();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Agones SDK: " + what + ": " + e.getMessage());
        }
    }

    private void submit(Runnable task) {
        try {
            changes.execute(task);
        } catch (RejectedExecutionException e) {
            // Closing: the drain frees the rooms.
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        changes.shutdown();
    }
}
