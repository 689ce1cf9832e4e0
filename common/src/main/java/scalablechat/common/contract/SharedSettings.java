package scalablechat.common.contract;

import scalablechat.common.Tokens;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;

import java.util.List;

/**
 * The environment variables both processes read, or one sets for the other: defined once, so the backend and the
 * session servers cannot disagree on a name, a default or a bound. (The local scheduler hands its environment on to
 * the session servers it starts, so a value given to the backend reaches them too.)
 */
public final class SharedSettings {
    public static final Setting JWT_SECRET = Setting.secret("JWT_SECRET", Tokens.MIN_SECRET_BYTES,
            "HMAC key of every token; the backend and all session servers must share it. `make run` makes a random one "
                    + "when unset");
    public static final Setting ROOMS_PER_SERVER = Setting.integer("ROOMS_PER_SERVER", 10, 1, 100_000,
            "rooms one session server hosts at most; beyond it admission answers 503 and a join closes with 1013 "
                    + "\"server full\". The local scheduler reads it too, to count a server that is still starting");
    public static final Setting METRICS_TOKEN = Setting.describedText("METRICS_TOKEN", "(unset: `/metrics` is open)",
            "16 characters or more, no spaces or control characters",
            "when set, `GET /metrics` (the backend's, and each session server's on its internal port) answers only "
                    + "requests with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). See "
                    + "[Metrics and health](OPERATIONS.md#metrics-and-health)");
    public static final int MIN_METRICS_TOKEN_LENGTH = 16;
    public static final Setting DATA_DIR = Setting.text("DATA_DIR", "./data", "a directory",
            "directory of the rooms' message logs (`DATA_DIR/rooms/`), relative to the working directory; created when "
                    + "the first room opens. Several session servers may share it (a room is open in one of them at a "
                    + "time); the local scheduler gives its session servers the backend's, made absolute. See "
                    + "[Persistence](STORAGE.md#what-it-promises)");
    public static final Setting PARENT_PID = Setting.integer("PARENT_PID", "(unset)", 0, Integer.MAX_VALUE,
            "set by a backend that starts the session server as its child (the local scheduler): within 250 ms of no "
                    + "longer being that process's child (its parent died, even by SIGKILL) the server starts its "
                    + "graceful drain and then exits. Must be the pid of the direct parent, else exit 2");
    public static final Setting AGONES_ROOMS_LIST = Setting.text("AGONES_ROOMS_LIST", "rooms", "a Kubernetes name",
            "the Agones List on each GameServer that holds its room ids; its capacity is the room cap. Read by the "
                    + "backend's Agones scheduler and by each session server in a GameServer, which must agree");

    public static final SettingsTable TABLE = new SettingsTable("shared",
            List.of(JWT_SECRET, ROOMS_PER_SERVER, METRICS_TOKEN, DATA_DIR, PARENT_PID, AGONES_ROOMS_LIST));

    private SharedSettings() {}
}
