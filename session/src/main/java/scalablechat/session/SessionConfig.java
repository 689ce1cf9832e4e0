package scalablechat.session;

import scalablechat.common.BearerSecret;
import scalablechat.common.Env;
import scalablechat.common.IpLiterals;
import scalablechat.common.config.Setting;
import scalablechat.common.contract.SessionPorts;
import scalablechat.common.contract.SharedSettings;
import scalablechat.session.protocol.OriginalProtocol;
import scalablechat.session.room.RoomSettings;
import scalablechat.session.store.FsyncPolicy;
import scalablechat.session.store.RoomStore;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import static scalablechat.session.SessionSettings.*;

/**
 * Everything a session server can be told, read once at start from the environment. The variables, with their
 * defaults, bounds and meanings, are defined in {@link SessionSettings} and {@link SharedSettings}.
 */
public final class SessionConfig {
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
    private final String agonesRoomsList;
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
        port = PORT.intValue(env);
        int derivedInternal = port == 0 ? 0 : SessionPorts.internalPortOf(port);
        if (derivedInternal > SessionPorts.MAX_PORT && !INTERNAL_PORT.isSet(env)) {
            throw new Env.ConfigException(INTERNAL_PORT.name() + " must be set when " + PORT.name() + " + "
                    + SessionPorts.INTERNAL_PORT_OFFSET + " is above " + SessionPorts.MAX_PORT);
        }
        internalPort = INTERNAL_PORT.intValue(env, derivedInternal);
        if (port != 0 && port == internalPort) {
            throw new Env.ConfigException(INTERNAL_PORT.name() + " must differ from " + PORT.name());
        }
        internalBind = ipAddress(env, INTERNAL_BIND);
        metricsToken = BearerSecret.from(env, SharedSettings.METRICS_TOKEN.name(), SharedSettings.MIN_METRICS_TOKEN_LENGTH);
        jwtSecret = SharedSettings.JWT_SECRET.secret(env);
        publicHost = PUBLIC_HOST.isSet(env) ? PUBLIC_HOST.text(env, null) : hathoraPublicHost(env);
        trustHostHeader = TRUST_HOST_HEADER.flag(env);
        usersPerRoom = USERS_PER_ROOM.intValue(env);
        // On Hathora, the platform decides how many rooms it places in a process; refusing fewer would strand them.
        roomsPerServerSet = SharedSettings.ROOMS_PER_SERVER.isSet(env);
        agonesSdkPort = AGONES_SDK_HTTP_PORT.intValue(env, 0);
        agonesRoomsList = SharedSettings.AGONES_ROOMS_LIST.text(env);
        roomsPerServer = roomsPerServerSet || !HATHORA_ROOMS_PER_PROCESS.isSet(env)
                ? SharedSettings.ROOMS_PER_SERVER.intValue(env)
                : HATHORA_ROOMS_PER_PROCESS.intValue(env, 0);
        maxMessageChars = MAX_MESSAGE_CHARS.intValue(env);
        maxFrameBytes = MAX_FRAME_BYTES.intValue(env);
        roomHistorySize = ROOM_HISTORY_SIZE.intValue(env);
        sendRatePerSecond = SEND_RATE_PER_SECOND.intValue(env);
        sendRateBurst = SEND_RATE_BURST.intValue(env);
        floodStrikes = FLOOD_STRIKES.intValue(env);
        roomSendRatePerSecond = ROOM_SEND_RATE_PER_SECOND.intValue(env);
        roomSendBurst = ROOM_SEND_BURST.intValue(env, 2L * roomSendRatePerSecond);
        maxRoomLogBytes = env.longInteger(MAX_ROOM_LOG_BYTES.name(), RoomStore.DEFAULT_MAX_LOG_BYTES, MAX_ROOM_LOG_BYTES.min(),
                MAX_ROOM_LOG_BYTES.max());
        maxUnsentBytes = MAX_UNSENT_BYTES.intValue(env);
        writeGatherBytes = WRITE_GATHER_BYTES.intValue(env);
        maxConnectionsPerIp = MAX_CONNECTIONS_PER_IP.intValue(env);
        maxPendingHandshakes = MAX_PENDING_HANDSHAKES.intValue(env);
        // A share well below the global cap, so one address can never hold every pending slot.
        maxPendingHandshakesPerIp = env.integer(MAX_PENDING_HANDSHAKES_PER_IP.name(),
                Math.min(32, maxPendingHandshakes / 2), 1, maxPendingHandshakes / 2);
        handshakeTimeout = HANDSHAKE_TIMEOUT_SECONDS.seconds(env);
        pingIntervalSeconds = PING_INTERVAL_SECONDS.intValue(env);
        drainTimeout = DRAIN_TIMEOUT_SECONDS.seconds(env);
        dataDir = Path.of(SharedSettings.DATA_DIR.text(env));
        try {
            fsync = FsyncPolicy.parse(FSYNC.text(env));
        } catch (IllegalArgumentException e) {
            throw new Env.ConfigException(FSYNC.name() + " " + e.getMessage());
        }
        roomIdleTimeout = ROOM_IDLE_SECONDS.seconds(env);
        roomUnjoinedTimeout = ROOM_UNJOINED_SECONDS.seconds(env);
        presenceGrace = PRESENCE_GRACE_SECONDS.seconds(env);
        heartbeatSeconds = HEARTBEAT_SECONDS.intValue(env);
    }

    /** An IP address written as a literal, so that start-up never waits on name resolution. */
    private static InetAddress ipAddress(Env env, Setting setting) {
        String text = setting.text(env).trim();
        return IpLiterals.parse(text).orElseThrow(() -> new Env.ConfigException(
                setting.name() + " must be an IP address such as 127.0.0.1 or 0.0.0.0, got \"" + text + "\""));
    }

    /**
     * Under Hathora Cloud, clients dial {@code HATHORA_HOSTNAME:HATHORA_DEFAULT_PORT} (Hathora's edge,
     * which forwards to our container port), and that is what the backend's tokens name.
     */
    private static String hathoraPublicHost(Env env) {
        if (!HATHORA_HOSTNAME.isSet(env) && !HATHORA_DEFAULT_PORT.isSet(env)) {
            return null;
        }
        String host = env.required(HATHORA_HOSTNAME.name());
        if (!HOST_NAME.matcher(host).matches()) {
            throw new Env.ConfigException(HATHORA_HOSTNAME.name() + " must be a host name, got \"" + host + "\"");
        }
        if (!HATHORA_DEFAULT_PORT.isSet(env)) {
            throw new Env.ConfigException(HATHORA_DEFAULT_PORT.name() + " must be set");
        }
        return host + ":" + HATHORA_DEFAULT_PORT.intValue(env, 0);
    }

    /** What each room keeps to. */
    public RoomSettings roomSettings() {
        return new RoomSettings(usersPerRoom(), roomHistorySize(), maxRoomLogBytes(), sendRatePerSecond(),
                sendRateBurst(), floodStrikes(), roomSendRatePerSecond(), roomSendBurst(), heartbeatSeconds(),
                presenceGrace(), roomIdleTimeout(), roomUnjoinedTimeout());
    }

    /** Reads and checks every setting; a bad one throws {@link Env.ConfigException} naming it. */
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

    /** The Agones List of this server's GameServer that holds its room ids (AGONES_ROOMS_LIST). */
    public String agonesRoomsList() {
        return agonesRoomsList;
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
