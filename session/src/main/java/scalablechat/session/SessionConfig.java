package scalablechat.session;

import scalablechat.common.BearerSecret;
import scalablechat.common.Env;
import scalablechat.common.IpLiterals;
import scalablechat.session.protocol.OriginalProtocol;
import scalablechat.session.room.RoomSettings;
import scalablechat.session.store.FsyncPolicy;
import scalablechat.session.store.RoomStore;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a session server can be told, read once at start from the environment.
 * Each limit is here, with its default, so README's configuration table has one source.
 */
public final class SessionConfig {
    public static final String PORT = "PORT";
    public static final String INTERNAL_PORT = "INTERNAL_PORT";
    public static final String INTERNAL_BIND = "INTERNAL_BIND";
    public static final String METRICS_TOKEN = "METRICS_TOKEN";
    public static final String JWT_SECRET = "JWT_SECRET";
    public static final String PUBLIC_HOST = "PUBLIC_HOST";
    public static final String TRUST_HOST_HEADER = "TRUST_HOST_HEADER";
    public static final String USERS_PER_ROOM = "USERS_PER_ROOM";
    public static final String ROOMS_PER_SERVER = "ROOMS_PER_SERVER";
    /** Set by Agones in a GameServer's containers: the SDK sidecar's REST port. Its presence turns on Agones mode. */
    public static final String AGONES_SDK_HTTP_PORT = "AGONES_SDK_HTTP_PORT";
    public static final String MAX_MESSAGE_CHARS = "MAX_MESSAGE_CHARS";
    public static final String MAX_FRAME_BYTES = "MAX_FRAME_BYTES";
    public static final String ROOM_HISTORY_SIZE = "ROOM_HISTORY_SIZE";
    public static final String SEND_RATE_PER_SECOND = "SEND_RATE_PER_SECOND";
    public static final String SEND_RATE_BURST = "SEND_RATE_BURST";
    public static final String FLOOD_STRIKES = "FLOOD_STRIKES";
    public static final String ROOM_SEND_RATE_PER_SECOND = "ROOM_SEND_RATE_PER_SECOND";
    public static final String ROOM_SEND_BURST = "ROOM_SEND_BURST";
    public static final String MAX_ROOM_LOG_BYTES = "MAX_ROOM_LOG_BYTES";
    public static final String MAX_UNSENT_BYTES = "MAX_UNSENT_BYTES";
    public static final String WRITE_GATHER_BYTES = "WRITE_GATHER_BYTES";
    public static final String MAX_CONNECTIONS_PER_IP = "MAX_CONNECTIONS_PER_IP";
    public static final String MAX_PENDING_HANDSHAKES = "MAX_PENDING_HANDSHAKES";
    public static final String MAX_PENDING_HANDSHAKES_PER_IP = "MAX_PENDING_HANDSHAKES_PER_IP";
    public static final String HANDSHAKE_TIMEOUT_SECONDS = "HANDSHAKE_TIMEOUT_SECONDS";
    public static final String PING_INTERVAL_SECONDS = "PING_INTERVAL_SECONDS";
    public static final String DRAIN_TIMEOUT_SECONDS = "DRAIN_TIMEOUT_SECONDS";
    public static final String DATA_DIR = "DATA_DIR";
    public static final String FSYNC = "FSYNC";
    public static final String ROOM_IDLE_SECONDS = "ROOM_IDLE_SECONDS";
    public static final String ROOM_UNJOINED_SECONDS = "ROOM_UNJOINED_SECONDS";
    public static final String PRESENCE_GRACE_SECONDS = "PRESENCE_GRACE_SECONDS";
    public static final String HEARTBEAT_SECONDS = "HEARTBEAT_SECONDS";
    /** Set by Hathora Cloud in each process it starts: the public address clients reach it at, and its room cap. */
    public static final String HATHORA_HOSTNAME = "HATHORA_HOSTNAME";
    public static final String HATHORA_DEFAULT_PORT = "HATHORA_DEFAULT_PORT";
    public static final String HATHORA_ROOMS_PER_PROCESS = "HATHORA_ROOMS_PER_PROCESS";

    public static final int DEFAULT_PORT = 8000;
    /** The internal port is PORT + this unless set, so servers on one machine differ by PORT alone. */
    public static final int INTERNAL_PORT_OFFSET = 1000;
    public static final int DEFAULT_ROOMS_PER_SERVER = 10;
    public static final int MAX_ROOMS_PER_SERVER = 100_000;
    /** The internal port answers only on this machine unless told otherwise: it admits rooms and drains the server. */
    public static final String DEFAULT_INTERNAL_BIND = "127.0.0.1";
    /** Room for the header and a few records, so that a test can fill a log quickly. */
    public static final long MIN_ROOM_LOG_BYTES = 4096;
    /** As for the backend's METRICS_TOKEN: a password, so not a short one. */
    public static final int MIN_METRICS_TOKEN_LENGTH = 16;
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");

    private final int port;
    private final int internalPort;
    private final InetAddress internalBind;
    private final Optional<BearerSecret> metricsToken;
    private final String jwtSecret;
    private final String publicHost;
    private final boolean trustHostHeader;
    private final int usersPerRoom;
    private final int roomsPerServer;
    private final boolean roomsPerServerSet;
    private final int agonesSdkPort;
    private final int maxMessageChars;
    private final int maxFrameBytes;
    private final int roomHistorySize;
    private final int sendRatePerSecond;
    private final int sendRateBurst;
    private final int floodStrikes;
    private final int roomSendRatePerSecond;
    private final int roomSendBurst;
    private final long maxRoomLogBytes;
    private final int maxUnsentBytes;
    private final int writeGatherBytes;
    private final int maxConnectionsPerIp;
    private final int maxPendingHandshakes;
    private final int maxPendingHandshakesPerIp;
    private final Duration handshakeTimeout;
    private final int pingIntervalSeconds;
    private final Duration drainTimeout;
    private final Path dataDir;
    private final FsyncPolicy fsync;
    private final Duration roomIdleTimeout;
    private final Duration roomUnjoinedTimeout;
    private final Duration presenceGrace;
    private final int heartbeatSeconds;

    private SessionConfig(Env env) {
        port = env.integer(PORT, DEFAULT_PORT, 0, 65535);
        int derivedInternal = port == 0 ? 0 : port + INTERNAL_PORT_OFFSET;
        if (derivedInternal > 65535 && !env.has(INTERNAL_PORT)) {
            throw new Env.ConfigException(INTERNAL_PORT + " must be set when " + PORT + " + "
                    + INTERNAL_PORT_OFFSET + " is above 65535");
        }
        internalPort = env.integer(INTERNAL_PORT, derivedInternal, 0, 65535);
        if (port != 0 && port == internalPort) {
            throw new Env.ConfigException(INTERNAL_PORT + " must differ from " + PORT);
        }
        internalBind = ipAddress(env, INTERNAL_BIND, DEFAULT_INTERNAL_BIND);
        metricsToken = BearerSecret.from(env, METRICS_TOKEN, MIN_METRICS_TOKEN_LENGTH);
        jwtSecret = env.secret(JWT_SECRET, scalablechat.common.Tokens.MIN_SECRET_BYTES);
        publicHost = env.has(PUBLIC_HOST) ? env.string(PUBLIC_HOST, null) : hathoraPublicHost(env);
        trustHostHeader = env.bool(TRUST_HOST_HEADER, false);
        usersPerRoom = env.integer(USERS_PER_ROOM, 100, 1, 100_000);
        // On Hathora, the platform decides how many rooms it places in a process; refusing fewer would strand them.
        roomsPerServerSet = env.has(ROOMS_PER_SERVER);
        agonesSdkPort = env.integer(AGONES_SDK_HTTP_PORT, 0, 0, 65535);
        roomsPerServer = env.has(ROOMS_PER_SERVER) || !env.has(HATHORA_ROOMS_PER_PROCESS)
                ? env.integer(ROOMS_PER_SERVER, DEFAULT_ROOMS_PER_SERVER, 1, MAX_ROOMS_PER_SERVER)
                : env.integer(HATHORA_ROOMS_PER_PROCESS, DEFAULT_ROOMS_PER_SERVER, 1, MAX_ROOMS_PER_SERVER);
        maxMessageChars = env.integer(MAX_MESSAGE_CHARS, 1000, 1, 10_000);
        maxFrameBytes = env.integer(MAX_FRAME_BYTES, 64 * 1024, 1024, 16 * 1024 * 1024);
        roomHistorySize = env.integer(ROOM_HISTORY_SIZE, RoomStore.DEFAULT_HISTORY_SIZE,
                Math.max(OriginalProtocol.SNAPSHOT_MESSAGES, RoomStore.MIN_HISTORY_SIZE), RoomStore.MAX_HISTORY_SIZE);
        sendRatePerSecond = env.integer(SEND_RATE_PER_SECOND, 10, 1, 1_000_000);
        sendRateBurst = env.integer(SEND_RATE_BURST, 20, 1, 1_000_000);
        floodStrikes = env.integer(FLOOD_STRIKES, 20, 1, 1_000_000);
        roomSendRatePerSecond = env.integer(ROOM_SEND_RATE_PER_SECOND, 200, 1, 10_000_000);
        roomSendBurst = env.integer(ROOM_SEND_BURST, 2 * roomSendRatePerSecond, 1, 20_000_000);
        maxRoomLogBytes = env.longInteger(MAX_ROOM_LOG_BYTES, RoomStore.DEFAULT_MAX_LOG_BYTES, MIN_ROOM_LOG_BYTES,
                Long.MAX_VALUE);
        maxUnsentBytes = env.integer(MAX_UNSENT_BYTES, 1024 * 1024, 1024, Integer.MAX_VALUE);
        writeGatherBytes = env.integer(WRITE_GATHER_BYTES, 256 * 1024, 0, 64 * 1024 * 1024);
        maxConnectionsPerIp = env.integer(MAX_CONNECTIONS_PER_IP, 1000, 1, 10_000_000);
        maxPendingHandshakes = env.integer(MAX_PENDING_HANDSHAKES, 1000, 2, 10_000_000);
        // A share well below the global cap, so one address can never hold every pending slot.
        maxPendingHandshakesPerIp = env.integer(MAX_PENDING_HANDSHAKES_PER_IP, Math.min(32, maxPendingHandshakes / 2),
                1, maxPendingHandshakes / 2);
        handshakeTimeout = Duration.ofSeconds(env.integer(HANDSHAKE_TIMEOUT_SECONDS, 5, 1, 3600));
        pingIntervalSeconds = env.integer(PING_INTERVAL_SECONDS, 30, 0, 3600);
        drainTimeout = Duration.ofSeconds(env.integer(DRAIN_TIMEOUT_SECONDS, 10, 1, 3600));
        dataDir = Path.of(env.string(DATA_DIR, RoomStore.DEFAULT_DATA_DIR));
        try {
            fsync = FsyncPolicy.parse(env.string(FSYNC, "always"));
        } catch (IllegalArgumentException e) {
            throw new Env.ConfigException(FSYNC + " " + e.getMessage());
        }
        roomIdleTimeout = Duration.ofSeconds(env.integer(ROOM_IDLE_SECONDS, 300, 1, 7 * 24 * 3600));
        roomUnjoinedTimeout = Duration.ofSeconds(env.integer(ROOM_UNJOINED_SECONDS, 30, 1, 7 * 24 * 3600));
        presenceGrace = Duration.ofSeconds(env.integer(PRESENCE_GRACE_SECONDS, 5, 0, 3600));
        heartbeatSeconds = env.integer(HEARTBEAT_SECONDS, 5, 0, 3600);
    }

    /** An IP address written as a literal, so that start-up never waits on name resolution. */
    private static InetAddress ipAddress(Env env, String name, String fallback) {
        String text = env.string(name, fallback).trim();
        return IpLiterals.parse(text).orElseThrow(() -> new Env.ConfigException(
                name + " must be an IP address such as 127.0.0.1 or 0.0.0.0, got \"" + text + "\""));
    }

    /**
     * Under Hathora Cloud, clients dial {@code HATHORA_HOSTNAME:HATHORA_DEFAULT_PORT} (Hathora's edge,
     * which forwards to our container port), and that is what the backend's tokens name.
     */
    private static String hathoraPublicHost(Env env) {
        if (!env.has(HATHORA_HOSTNAME) && !env.has(HATHORA_DEFAULT_PORT)) {
            return null;
        }
        String host = env.required(HATHORA_HOSTNAME);
        if (!HOST_NAME.matcher(host).matches()) {
            throw new Env.ConfigException(HATHORA_HOSTNAME + " must be a host name, got \"" + host + "\"");
        }
        if (!env.has(HATHORA_DEFAULT_PORT)) {
            throw new Env.ConfigException(HATHORA_DEFAULT_PORT + " must be set");
        }
        return host + ":" + env.integer(HATHORA_DEFAULT_PORT, 0, 1, 65535);
    }

    /** Reads and checks every setting; a bad one throws {@link Env.ConfigException} naming it. */
    /** What each room keeps to. */
    public RoomSettings roomSettings() {
        return new RoomSettings(usersPerRoom(), roomHistorySize(), maxRoomLogBytes(), sendRatePerSecond(),
                sendRateBurst(), floodStrikes(), roomSendRatePerSecond(), roomSendBurst(), heartbeatSeconds(),
                presenceGrace(), roomIdleTimeout(), roomUnjoinedTimeout());
    }

    public static SessionConfig from(Env env) {
        return new SessionConfig(env);
    }

    /** WebSocket port for clients; 0 means any free port. */
    public int port() {
        return port;
    }

    /** HTTP port for backends and operators; 0 means any free port. */
    public int internalPort() {
        return internalPort;
    }

    /** The address the internal port listens on ({@code INTERNAL_BIND}). */
    public InetAddress internalBind() {
        return internalBind;
    }

    /** When present, {@code GET /metrics} on the internal port needs it as a bearer token. */
    public Optional<BearerSecret> metricsToken() {
        return metricsToken;
    }

    public String jwtSecret() {
        return jwtSecret;
    }

    /**
     * The host:port that session tokens must name, or null: then tokens must name this server's port on a
     * loopback name (localhost, 127.0.0.1, [::1]), unless {@link #trustHostHeader()}.
     */
    /** Whether ROOMS_PER_SERVER was given (under Agones it then wins over the rooms list's capacity). */
    public boolean roomsPerServerSet() {
        return roomsPerServerSet;
    }

    /** The Agones SDK sidecar's REST port, or 0 when this server does not run under Agones. */
    public int agonesSdkPort() {
        return agonesSdkPort;
    }

    public String publicHost() {
        return publicHost;
    }

    /** Without PUBLIC_HOST, accept what the client's Host header names, as the original did (unsafe). */
    public boolean trustHostHeader() {
        return trustHostHeader;
    }

    public int usersPerRoom() {
        return usersPerRoom;
    }

    public int roomsPerServer() {
        return roomsPerServer;
    }

    public int maxMessageChars() {
        return maxMessageChars;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    public int roomHistorySize() {
        return roomHistorySize;
    }

    public int sendRatePerSecond() {
        return sendRatePerSecond;
    }

    public int sendRateBurst() {
        return sendRateBurst;
    }

    public int floodStrikes() {
        return floodStrikes;
    }

    /** Sends per second the whole room accepts, whoever sends them. */
    public int roomSendRatePerSecond() {
        return roomSendRatePerSecond;
    }

    public int roomSendBurst() {
        return roomSendBurst;
    }

    /** The size a room's log may reach; sends beyond it are refused with room_log_full. */
    public long maxRoomLogBytes() {
        return maxRoomLogBytes;
    }

    public int maxUnsentBytes() {
        return maxUnsentBytes;
    }

    /**
     * How many bytes of a connection's queued frames one socket write gathers at most (beyond the first
     * frame); 0 writes each frame on its own, as Java-WebSocket does.
     */
    public int writeGatherBytes() {
        return writeGatherBytes;
    }

    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    /** Of {@link #maxPendingHandshakes}, how many one address may hold; at most half of it. */
    public int maxPendingHandshakesPerIp() {
        return maxPendingHandshakesPerIp;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Java-WebSocket's connection-lost timeout: pings this often, drops peers silent for 1.5 times it; 0 = off. */
    public int pingIntervalSeconds() {
        return pingIntervalSeconds;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Where room logs live ({@code DATA_DIR/rooms/}); several servers on one machine may share it. */
    public Path dataDir() {
        return dataDir;
    }

    public FsyncPolicy fsync() {
        return fsync;
    }

    /** How long a room with no connections stays open before it closes and frees its slot. */
    public Duration roomIdleTimeout() {
        return roomIdleTimeout;
    }

    /** How long a room that nobody has joined since it opened keeps its slot (at most the idle timeout). */
    public Duration roomUnjoinedTimeout() {
        return roomUnjoinedTimeout.compareTo(roomIdleTimeout) < 0 ? roomUnjoinedTimeout : roomIdleTimeout;
    }

    /**
     * How long a user whose last connection closed still counts as present: a reload or a reconnect within it
     * announces neither a leave nor a join. 0 announces a leave at once.
     */
    public Duration presenceGrace() {
        return presenceGrace;
    }

    /**
     * How often each room sends its v2 connections a {@code ping} frame (0: never). A client that hears nothing for
     * longer knows the server is gone or frozen, which a connection that looks open cannot tell it.
     */
    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }
}
