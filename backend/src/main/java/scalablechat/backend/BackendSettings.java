package scalablechat.backend;

import scalablechat.backend.scheduler.SessionServerCalls;
import scalablechat.common.config.Setting;
import scalablechat.common.config.SettingsTable;

import java.util.ArrayList;
import java.util.List;

/**
 * The backend's own environment variables, whichever scheduler it runs: name, default, bounds and meaning, once.
 * Each scheduler's are in its config class ({@code StaticSchedulerConfig}, {@code LocalSchedulerConfig},
 * {@code AgonesConfig}, {@code HathoraConfig}), those both processes read in {@code SharedSettings}; docs/CONFIG.md's
 * tables are generated from them all.
 */
public final class BackendSettings {
    public static final Setting PORT = Setting.integer("PORT", 8080, 0, 65_535,
            "HTTP port of the API and the web client; `0` picks a free port");
    public static final Setting SCHEDULER = Setting.describedText("SCHEDULER",
            "`local`, unless `SESSION_SERVER_HOST` is set (`static`) or `HATHORA_APP_ID` and `HATHORA_TOKEN` are "
                    + "(`hathora`)", "`local`, `static`, `agones`, `hathora`",
            "which scheduler places rooms: `local` (session servers as the backend's child processes, started on "
                    + "demand), `static` (servers listed in `SESSION_SERVER_HOST`), `agones` (GameServers of an Agones "
                    + "Fleet on Kubernetes) or `hathora`; see [Choosing a scheduler](OPERATIONS.md#choosing-a-scheduler)");
    public static final Setting CLIENT_DIR = Setting.text("CLIENT_DIR", "client", "a directory",
            "directory of the web client's static files, relative to the working directory");
    public static final Setting FLEET_CHART_SAMPLE_MS = Setting.integer("FLEET_CHART_SAMPLE_MS", 5000, 100, 60_000,
            "how often the backend takes a point for the fleet page's charts (`GET /api/fleet/history`) from the "
                    + "status each session server last reported; it keeps 10 minutes of them");
    public static final Setting ROOM_CREATES_PER_USER = Setting.integer("ROOM_CREATES_PER_USER", 3, 1, 1_000_000,
            "rooms one user may create per `ROOM_CREATE_WINDOW_SECONDS` (a sliding window); more get 429 with "
                    + "`Retry-After`. A creation the scheduler refuses (503) is not counted");
    public static final Setting ROOM_CREATES_PER_ADDRESS = Setting.integer("ROOM_CREATES_PER_ADDRESS", 5, 1, 1_000_000,
            "rooms one client address may create per window, whatever names it logs in with. With "
                    + "`ROOM_UNJOINED_SECONDS` (30) this bounds the empty rooms one address holds at once to 5, half "
                    + "of one default server's `ROOMS_PER_SERVER`. The address is the TCP peer's; from a loopback peer "
                    + "(a proxy on this machine, as in the VPS guide) it is the last `X-Forwarded-For` entry, which "
                    + "that proxy appended. Each backend counts on its own");
    public static final Setting ROOM_CREATE_WINDOW_SECONDS = Setting.seconds("ROOM_CREATE_WINDOW_SECONDS", 60, 1,
            86_400, "the window of both creation limits");
    /** A password: shorter ones are refused at start. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    public static final Setting ADMIN_TOKEN = Setting.text("ADMIN_TOKEN", null,
            MIN_ADMIN_TOKEN_LENGTH + " characters or more, no spaces",
            "a bearer token that makes `GET /api/fleet` show room ids; unset, room ids are never shown");

    public static final SettingsTable TABLE = new SettingsTable("backend", all());

    private BackendSettings() {}

    private static List<Setting> all() {
        List<Setting> settings = new ArrayList<>(List.of(PORT, SCHEDULER, CLIENT_DIR));
        settings.addAll(SessionServerCalls.SETTINGS);
        settings.addAll(List.of(FLEET_CHART_SAMPLE_MS, ROOM_CREATES_PER_USER, ROOM_CREATES_PER_ADDRESS,
                ROOM_CREATE_WINDOW_SECONDS, ADMIN_TOKEN));
        return settings;
    }
}
