package scalablechat.backend.scheduler.hathora;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.common.Env;
import scalablechat.common.RoomIds;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Places rooms on Hathora Cloud through its Rooms v2 API, as the original Scalable Chat did with
 * Hathora's SDK. Hathora starts session-server processes on demand, picks the process for each
 * room, and terminates TLS at its edge, so clients dial {@code wss://}.
 *
 * <p>We choose each room's id, so a create that timed out can be retried without making a second
 * room. Lookups wait while a room's process starts (up to {@link HathoraConfig#lookupTimeout()}),
 * and every failure ends in a {@link SchedulerUnavailableException} rather than a hang.
 *
 * <p>Thread-safe: the HTTP client is shared, and each call keeps its own retry state.
 */
public final class HathoraScheduler implements Scheduler {
    private static final System.Logger LOG = System.getLogger(HathoraScheduler.class.getName());
    /** 80 random bits; Hathora requires ids to be unique across all its customers. */
    static final int ROOM_ID_LENGTH = 16;
    /** What clients are told to wait when Hathora gave no hint of its own. */
    static final int DEFAULT_RETRY_AFTER_SECONDS = 5;

    private final HathoraConfig config;
    private final HathoraRoomsApi api;
    private final HathoraFleet fleet = new HathoraFleet();
    private volatile boolean closed;

    public HathoraScheduler(HathoraConfig config) {
        this.config = config;
        this.api = new HathoraRoomsApi(config);
        if (!config.knownRegion()) {
            LOG.log(Level.WARNING, "HATHORA_REGION {0} is not one of the regions Hathora documents; using it anyway",
                    config.region());
        }
        LOG.log(Level.INFO, "Hathora scheduler for app {0} in {1} at {2}", config.appId(), config.region(), config.apiBase());
    }

    /** A Hathora scheduler when the environment sets {@code HATHORA_APP_ID} and {@code HATHORA_TOKEN}. */
    public static Optional<Scheduler> fromEnv(Env env) {
        return HathoraConfig.fromIfRequested(env).map(HathoraScheduler::new);
    }

    @Override
    public String createRoom() throws NoCapacityException, SchedulerUnavailableException {
        String roomId = RoomIds.random(ROOM_ID_LENGTH);
        boolean mayExist = false; // an earlier try may have reached Hathora even though we saw no answer
        HathoraReply refusal = null;
        Duration retryAfter = null;
        for (int attempt = 1; attempt <= config.maxAttempts() && !closed; attempt++) {
            Duration pause;
            try {
                HathoraReply reply = api.createRoom(roomId, config.requestTimeout());
                if (reply.isSuccess()) {
                    return created(roomId, reply);
                }
                logFailure("create room", reply, attempt);
                refusal = reply;
                retryAfter = reply.retryAfter().orElse(null);
                if (reply.status() != 429 && !reply.isTransientFailure()) {
                    break;
                }
                mayExist |= reply.isTransientFailure();
                pause = reply.retryAfter().orElse(backoff(attempt));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Hathora create room failed (try {0} of {1}): {2}",
                        attempt, config.maxAttempts(), describe(e));
                mayExist = true;
                refusal = null;
                retryAfter = null;
                pause = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchedulerUnavailableException("interrupted while creating a room", DEFAULT_RETRY_AFTER_SECONDS);
            }
            if (attempt == config.maxAttempts() || pause.compareTo(config.maxWait()) > 0) {
                break; // the client is better off coming back later than waiting here
            }
            sleep(pause);
        }
        // Nobody else knows this id, so if Hathora has a room by that name, one of our tries made it.
        if (mayExist && roomExists(roomId)) {
            LOG.log(Level.INFO, "Hathora created the room on an earlier try whose answer was lost");
            fleet.created(roomId, null, null);
            return roomId;
        }
        if (refusal != null && refusal.status() == 402) {
            throw new NoCapacityException("Hathora refused to place a room (402 " + refusal.message() + ")",
                    seconds(retryAfter));
        }
        throw new SchedulerUnavailableException(refusal == null
                ? "Hathora did not answer"
                : "Hathora refused to create a room (" + refusal.status() + ")", seconds(retryAfter));
    }

    @Override
    public Optional<RoomLocation> findRoom(String roomId) throws SchedulerUnavailableException {
        if (!RoomIds.isValid(roomId)) {
            return Optional.empty(); // no room of ours can have such an id; don't ask Hathora
        }
        long deadline = System.nanoTime() + config.lookupTimeout().toNanos();
        int failures = 0;
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw deadlinePassed();
            }
            Duration pause;
            try {
                Duration timeout = Duration.ofNanos(Math.min(left, config.requestTimeout().toNanos()));
                HathoraReply reply = api.connectionInfo(roomId, timeout);
                int status = reply.status();
                if (status == 200 && reply.body() != null) {
                    Optional<RoomLocation> location = location(reply.body());
                    if (location.isPresent()) {
                        fleet.located(roomId, location.get().host());
                        return location;
                    }
                    failures = 0;
                    pause = config.pollInterval(); // still starting: no exposedPort until active
                } else if (status == 404) {
                    fleet.gone(roomId);
                    return Optional.empty();
                } else if (status == 400 || status == 422) {
                    return Optional.empty(); // Hathora rejects the id itself, so no such room exists
                } else if (status == 429) {
                    logFailure("connection info", reply, 0);
                    pause = reply.retryAfter().orElse(config.pollInterval());
                } else if (reply.isTransientFailure() || status == 200) {
                    logFailure("connection info", reply, ++failures);
                    if (failures >= config.maxAttempts()) {
                        throw new SchedulerUnavailableException("Hathora failed to answer a room lookup ("
                                + status + ")", seconds(reply.retryAfter().orElse(null)));
                    }
                    pause = reply.retryAfter().orElse(backoff(failures));
                } else {
                    logFailure("connection info", reply, 0);
                    throw new SchedulerUnavailableException("Hathora refused a room lookup (" + status + ")",
                            DEFAULT_RETRY_AFTER_SECONDS);
                }
            } catch (IOException e) {
                failures++;
                LOG.log(Level.WARNING, "Hathora connection info failed (try {0} of {1}): {2}",
                        failures, config.maxAttempts(), describe(e));
                if (failures >= config.maxAttempts()) {
                    throw new SchedulerUnavailableException("Hathora did not answer a room lookup", DEFAULT_RETRY_AFTER_SECONDS);
                }
                pause = backoff(failures);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchedulerUnavailableException("interrupted while looking up a room", DEFAULT_RETRY_AFTER_SECONDS);
            }
            if (System.nanoTime() + pause.toNanos() >= deadline) {
                throw deadlinePassed();
            }
            sleep(pause);
        }
        throw new SchedulerUnavailableException("scheduler closed", DEFAULT_RETRY_AFTER_SECONDS);
    }

    @Override
    public List<ServerView> fleet() {
        return fleet.view();
    }

    @Override
    public void close() {
        closed = true;
        api.close();
    }

    private String created(String requestedId, HathoraReply reply) {
        String roomId = requestedId;
        String answered = reply.string("roomId");
        if (answered != null && !answered.equals(requestedId) && RoomIds.isValid(answered)) {
            // Hathora documents that it uses the id we pass; if it ever doesn't, its id is the real one.
            LOG.log(Level.WARNING, "Hathora answered a create with a different room id than requested");
            roomId = answered;
        }
        String host = null;
        try {
            host = reply.body() == null ? null : location(reply.body()).map(RoomLocation::host).orElse(null);
        } catch (MalformedInfoException e) {
            // the room exists all the same; its address will come from a lookup
        }
        fleet.created(roomId, reply.string("processId"), host);
        return roomId;
    }

    /** Whether Hathora knows {@code roomId}; one short question, any failure counts as no. */
    private boolean roomExists(String roomId) {
        try {
            return api.connectionInfo(roomId, config.requestTimeout()).status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The room's public address from a connection-info body, once it has one. Unknown fields and
     * transport types are tolerated; only {@code tls} means clients need {@code wss://}.
     *
     * @throws MalformedInfoException when the address is there but malformed
     */
    static Optional<RoomLocation> location(JsonObject info) throws MalformedInfoException {
        JsonValue exposed = info.get("exposedPort");
        if (exposed == null || exposed.isNull()) {
            return Optional.empty();
        }
        if (!exposed.isObject()) {
            throw new MalformedInfoException("exposedPort is not an object");
        }
        JsonObject port = exposed.asObject();
        String host = HathoraReply.string(port, "host");
        JsonValue number = port.get("port");
        if (host == null || host.isBlank() || number == null || !number.isNumber()) {
            throw new MalformedInfoException("exposedPort lacks a host or port");
        }
        double value = number.asDouble();
        if (value != Math.rint(value) || value < 1 || value > 65535) {
            throw new MalformedInfoException("exposedPort has an invalid port");
        }
        boolean tls = "tls".equalsIgnoreCase(HathoraReply.string(port, "transportType"));
        return Optional.of(new RoomLocation(host + ":" + (int) value, tls));
    }

    /** A connection-info answer we can't use: the same as a failed request. */
    static final class MalformedInfoException extends IOException {
        MalformedInfoException(String message) {
            super("malformed connection info: " + message);
        }
    }

    private SchedulerUnavailableException deadlinePassed() {
        LOG.log(Level.WARNING, "Hathora room not reachable within {0} s; giving up this lookup",
                config.lookupTimeout().toSeconds());
        return new SchedulerUnavailableException("the room's server is still starting", DEFAULT_RETRY_AFTER_SECONDS);
    }

    /** Doubling pauses with jitter, so many backends retrying at once spread out. */
    private Duration backoff(int failures) {
        long base = config.initialBackoff().toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(base, config.maxWait().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void sleep(Duration pause) throws SchedulerUnavailableException {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerUnavailableException("interrupted while waiting for Hathora", DEFAULT_RETRY_AFTER_SECONDS);
        }
    }

    private void logFailure(String operation, HathoraReply reply, int attempt) {
        String tries = attempt > 0 ? " (try " + attempt + " of " + config.maxAttempts() + ")" : "";
        LOG.log(reply.status() == 429 ? Level.DEBUG : Level.WARNING, "Hathora {0} answered {1}{2}: {3}",
                operation, reply.status(), tries, reply.message().isEmpty() ? "(no message)" : reply.message());
    }

    private static String describe(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return "timed out";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static int seconds(Duration retryAfter) {
        if (retryAfter == null) {
            return DEFAULT_RETRY_AFTER_SECONDS;
        }
        return (int) Math.max(1, Math.min(3600, (retryAfter.toMillis() + 999) / 1000));
    }
}
