package scalablechat.backend;

import scalablechat.backend.chaos.SessionJar;
import scalablechat.common.Env;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Starts in-process backends with any scheduler, for the scheduler tests. */
public final class TestBackends {
    private TestBackends() {}

    /**
     * A backend on a free port, with the test secret and {@code env} on top; with the local scheduler
     * (when {@code env} doesn't choose another) its session servers come from {@link SessionJar} and
     * advertise 127.0.0.1.
     */
    public static BackendServer start(Map<String, String> env, Path dataDir) throws Exception {
        TestServers.applyHttpServerLimits();
        Map<String, String> all = new HashMap<>();
        all.put("PORT", "0");
        all.put("JWT_SECRET", TestServers.SECRET);
        all.put("CLIENT_DIR", dataDir.resolve("no-client").toString());
        all.put("DATA_DIR", dataDir.toString());
        all.put("SESSION_HOSTNAME", "127.0.0.1");
        // Every test client comes from loopback; RoomCreationLimitsTest and LocalSchedulerTest test the limits.
        all.put("ROOM_CREATES_PER_USER", "100000");
        all.put("ROOM_CREATES_PER_ADDRESS", "100000");
        if (!env.containsKey("SESSION_SERVER_HOST")) {
            all.put("SESSION_JAR", SessionJar.locate().toString());
        }
        all.putAll(env);
        return BackendServer.start(BackendConfig.from(new Env(all)));
    }

    /** The secret every test backend and session server shares. */
    public static String secret() {
        return TestServers.SECRET;
    }
}
