package scalablechat.session;

import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;
import scalablechat.common.contract.SharedSettings;
import scalablechat.session.protocol.OriginalProtocol;
import scalablechat.session.store.RoomStore;

import java.util.List;

/**
 * Every environment variable a session server reads: name, default, bounds and meaning, once. {@link SessionConfig}
 * reads them; docs/CONFIG.md's session server table is generated from {@link #TABLE}. The ones the backend shares
 * are {@link SharedSettings}'.
 */
public final class SessionSettings {
    public static final Setting PORT = Setting.integer("PORT", 8000, 0, 65_535,
            "WebSocket port for clients; `0` picks a free port");
    public static final Setting INTERNAL_PORT = Setting.integer("INTERNAL_PORT",
            "`PORT + 1000` (`0` when `PORT` is `0`)", 0, 65_535,
            "HTTP port for backends and operators (status, room admission, drain, health, metrics); must differ from `PORT`");
    public static final Setting INTERNAL_BIND = Setting.text("INTERNAL_BIND", "127.0.0.1", "an IP address",
            "IP address the internal port listens on. Loopback suits a backend on the same machine (`make run`, the "
                    + "local scheduler, the VPS guide); set `0.0.0.0` (or one interface's address) when the backend "
                    + "runs elsewhere, as in the containers, and keep the port behind a firewall");
    public static final Setting PUBLIC_HOST = Setting.describedText("PUBLIC_HOST",
            "(unset: `localhost`, `127.0.0.1` or `[::1]` with this server's `PORT`)", "`host:port`",
            "the `host:port` that session tokens must name to be accepted here; set it whenever clients reach the "
                    + "server by any other name (behind a proxy or NAT, on a VPS)");
    public static final Setting TRUST_HOST_HEADER = Setting.flag("TRUST_HOST_HEADER", false,
            "without `PUBLIC_HOST`, accept a token naming whatever `Host` header the client sent, as the original did. "
                    + "**Unsafe**: a token for another server is then accepted here by sending that server's name; for "
                    + "a trusted network only");
    public static final Setting USERS_PER_ROOM = Setting.integer("USERS_PER_ROOM", 100, 1, 100_000,
            "distinct users in one room; the next user's connection is closed with 1008 \"Room is full\" (a user's "
                    + "extra connections count once)");
    public static final Setting AGONES_SDK_HTTP_PORT = Setting.integer("AGONES_SDK_HTTP_PORT", "(unset)", 0, 65_535,
            "set by Agones in a GameServer: the SDK sidecar's REST port. Then the server learns its public address "
                    + "(`status.address` and the port named `ws`, unless `PUBLIC_HOST` is set) and its room cap (the "
                    + "`rooms` list's capacity, unless `ROOMS_PER_SERVER` is set) from its GameServer, says Ready once "
                    + "both ports listen, reports health every 2 s while it can serve, opens a room only when it is in "
                    + "its `rooms` list or the client's session token is under 30 s old (just allocated; then it adds "
                    + "the id), removes a room's id when the room closes, says Ready again when its last room has "
                    + "closed, and on SIGTERM or a drain labels itself draining, drains, removes its rooms and shuts "
                    + "its GameServer down");
    public static final Setting MAX_MESSAGE_CHARS = Setting.integer("MAX_MESSAGE_CHARS", 1000, 1, 10_000,
            "longest chat message, in characters (code points) after trailing whitespace is trimmed");
    public static final Setting MAX_FRAME_BYTES = Setting.integer("MAX_FRAME_BYTES", 64 * 1024, 1024, 16 * 1024 * 1024,
            "largest WebSocket frame or message from a client; more closes the connection with 1009");
    public static final Setting ROOM_HISTORY_SIZE = Setting.integer("ROOM_HISTORY_SIZE", RoomStore.DEFAULT_HISTORY_SIZE,
            Math.max(OriginalProtocol.SNAPSHOT_MESSAGES, RoomStore.MIN_HISTORY_SIZE), RoomStore.MAX_HISTORY_SIZE,
            "newest messages each room loads from its log when it opens and keeps in memory for welcomes, resume "
                    + "(`since`) and duplicate detection (`cid`)");
    public static final Setting SEND_RATE_PER_SECOND = Setting.integer("SEND_RATE_PER_SECOND", 10, 1, 1_000_000,
            "messages a user may send per second in a room (token bucket, shared by the user's connections). The "
                    + "allowance outlives the user's connections until it has filled up again, so reconnecting never "
                    + "buys a fresh burst");
    public static final Setting SEND_RATE_BURST = Setting.integer("SEND_RATE_BURST", 20, 1, 1_000_000,
            "bucket size: messages a user may send at once before the rate applies");
    public static final Setting FLOOD_STRIKES = Setting.integer("FLOOD_STRIKES", 20, 1, 1_000_000,
            "refused sends a user may accumulate (one is forgiven each second) before the connection closes with 1008 "
                    + "\"rate limit exceeded\"");
    public static final Setting ROOM_SEND_RATE_PER_SECOND = Setting.integer("ROOM_SEND_RATE_PER_SECOND", 200, 1,
            10_000_000, "messages one room accepts per second from everyone together, so that many names cannot write "
                    + "more than one room can show; over it a send gets `rate_limited` (\"this room is receiving too "
                    + "many messages\")");
    public static final Setting ROOM_SEND_BURST = Setting.integer("ROOM_SEND_BURST", "`2 × ROOM_SEND_RATE_PER_SECOND`",
            1, 20_000_000, "the room's bucket size");
    /** Room for the header and a few records, so that a test can fill a log quickly. */
    public static final long MIN_ROOM_LOG_BYTES = 4096;
    public static final Setting MAX_ROOM_LOG_BYTES = Setting.integer("MAX_ROOM_LOG_BYTES",
            "`268435456` (256 MiB, about two million messages of 100 characters)", MIN_ROOM_LOG_BYTES, Long.MAX_VALUE,
            "largest size of one room's log in `DATA_DIR`. A message that would take the log past it is refused with "
                    + "`room_log_full`; the room stays readable, with all its history, and refuses new messages until "
                    + "an operator raises the limit (and restarts the server) or archives the log");
    public static final Setting MAX_UNSENT_BYTES = Setting.integer("MAX_UNSENT_BYTES", 1024 * 1024, 1024,
            Integer.MAX_VALUE, "bytes queued to one connection and not yet written to its socket; a frame due beyond it "
                    + "closes the connection with 1008 \"slow consumer\"");
    public static final Setting WRITE_GATHER_BYTES = Setting.integer("WRITE_GATHER_BYTES", 256 * 1024, 0,
            64 * 1024 * 1024, "how many bytes of a connection's queued frames one socket write takes at most (beyond "
                    + "the first frame; also at most 1024 frames); `0` writes each frame with its own system call");
    public static final Setting MAX_CONNECTIONS_PER_IP = Setting.integer("MAX_CONNECTIONS_PER_IP", 1000, 1, 10_000_000,
            "open sockets from one IP address; more are closed on accept");
    public static final Setting MAX_PENDING_HANDSHAKES = Setting.integer("MAX_PENDING_HANDSHAKES", 1000, 2, 10_000_000,
            "sockets that have not finished the WebSocket handshake; more are closed on accept");
    public static final Setting MAX_PENDING_HANDSHAKES_PER_IP = Setting.integer("MAX_PENDING_HANDSHAKES_PER_IP",
            "`32` (at most half of `MAX_PENDING_HANDSHAKES`)", 1, 5_000_000,
            "sockets from one IP address that have not finished the handshake; more are closed on accept, so one "
                    + "address can never take every pending slot (at most half of `MAX_PENDING_HANDSHAKES`). Behind a "
                    + "proxy on the same machine every client shares the proxy's address: raise it there (the VPS guide "
                    + "sets 500). An upgrade request larger than 8 KiB (request line and headers) is closed unanswered");
    public static final Setting HANDSHAKE_TIMEOUT_SECONDS = Setting.seconds("HANDSHAKE_TIMEOUT_SECONDS", 5, 1, 3600,
            "a socket that has not finished its handshake by then is closed");
    public static final Setting PING_INTERVAL_SECONDS = Setting.seconds("PING_INTERVAL_SECONDS", 30, 0, 3600,
            "the server pings each client this often and drops one silent for 1.5 times as long; `0` turns it off");
    public static final Setting DRAIN_TIMEOUT_SECONDS = Setting.seconds("DRAIN_TIMEOUT_SECONDS", 10, 1, 3600,
            "longest a graceful drain (SIGTERM or `POST /internal/drain`) waits for clients before the server stops");
    public static final Setting FSYNC = Setting.text("FSYNC", "always", "`always`, `never`",
            "`always`: a message is acknowledged and broadcast only after it is synced to disk (`fdatasync`), so it "
                    + "survives a crash of the process or the machine. `never`: after the write, without a sync; it "
                    + "survives a crash of the process but **not a power loss or kernel crash. Unsafe: for benchmarks "
                    + "and tests only**");
    public static final Setting ROOM_IDLE_SECONDS = Setting.seconds("ROOM_IDLE_SECONDS", 300, 1, 7 * 24 * 3600,
            "a room with no connection for this long closes here (its log is closed, its lock and its slot freed); its "
                    + "history stays in `DATA_DIR` and it reopens on its next join or admission");
    public static final Setting ROOM_UNJOINED_SECONDS = Setting.seconds("ROOM_UNJOINED_SECONDS", 30, 1, 7 * 24 * 3600,
            "a room that nobody has joined since it opened (created or looked up, and nobody came) closes after this "
                    + "long (or `ROOM_IDLE_SECONDS`, if shorter), freeing its slot; it reopens with its history on its "
                    + "next join or admission");
    public static final Setting PRESENCE_GRACE_SECONDS = Setting.seconds("PRESENCE_GRACE_SECONDS", 5, 0, 3600,
            "how long a user whose last connection closed still counts as present: a reload, a dropped network or a "
                    + "server restart that reconnects within it announces neither `leave` nor `join`, and the user "
                    + "list keeps them; after it, `leave` goes out. `0` announces a leave at once");
    public static final Setting HEARTBEAT_SECONDS = Setting.seconds("HEARTBEAT_SECONDS", 5, 0, 3600,
            "how often every open room sends its v2 connections a `ping` frame, so that clients notice a frozen server "
                    + "or a silently dropped network (their sockets still look open); `0` sends none. Costs one small "
                    + "write per connection per interval (10,000 idle connections: 2,000 writes a second)");

    public static final SettingsTable TABLE = new SettingsTable("session", List.of(PORT, INTERNAL_PORT, INTERNAL_BIND,
            PUBLIC_HOST, TRUST_HOST_HEADER, USERS_PER_ROOM, AGONES_SDK_HTTP_PORT, MAX_MESSAGE_CHARS, MAX_FRAME_BYTES,
            ROOM_HISTORY_SIZE, SEND_RATE_PER_SECOND, SEND_RATE_BURST, FLOOD_STRIKES, ROOM_SEND_RATE_PER_SECOND,
            ROOM_SEND_BURST, MAX_ROOM_LOG_BYTES, MAX_UNSENT_BYTES, WRITE_GATHER_BYTES, MAX_CONNECTIONS_PER_IP,
            MAX_PENDING_HANDSHAKES, MAX_PENDING_HANDSHAKES_PER_IP, HANDSHAKE_TIMEOUT_SECONDS, PING_INTERVAL_SECONDS,
            DRAIN_TIMEOUT_SECONDS, FSYNC, ROOM_IDLE_SECONDS, ROOM_UNJOINED_SECONDS, PRESENCE_GRACE_SECONDS,
            HEARTBEAT_SECONDS));

    /** Set by Hathora Cloud in each process it starts: the public address clients reach it at, and its room cap. */
    public static final Setting HATHORA_HOSTNAME = Setting.text("HATHORA_HOSTNAME", null, "a host name",
            "the public host name Hathora's edge gives this process; with `HATHORA_DEFAULT_PORT` it is the `host:port` "
                    + "session tokens must name, unless `PUBLIC_HOST` is set. Setting only one of the two is a "
                    + "configuration error");
    public static final Setting HATHORA_DEFAULT_PORT = Setting.integer("HATHORA_DEFAULT_PORT", "(unset)", 1, 65_535,
            "the public port Hathora's edge gives this process (see `HATHORA_HOSTNAME`)");
    public static final Setting HATHORA_ROOMS_PER_PROCESS = Setting.integer("HATHORA_ROOMS_PER_PROCESS", "(unset)",
            SharedSettings.ROOMS_PER_SERVER.min(), SharedSettings.ROOMS_PER_SERVER.max(), "how many rooms Hathora places in one process; the server's room cap "
                    + "unless `ROOMS_PER_SERVER` is set");

    public static final SettingsTable HATHORA_TABLE = new SettingsTable("session-hathora",
            List.of(HATHORA_HOSTNAME, HATHORA_DEFAULT_PORT, HATHORA_ROOMS_PER_PROCESS));

    private SessionSettings() {}
}
