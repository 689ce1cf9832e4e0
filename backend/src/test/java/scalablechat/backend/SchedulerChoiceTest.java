package scalablechat.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.BackendConfig.SchedulerKind;
import scalablechat.backend.scheduler.fixed.StaticSchedulerConfig;
import scalablechat.backend.scheduler.hathora.HathoraConfig;
import scalablechat.backend.scheduler.local.LocalSchedulerConfig;
import scalablechat.common.Env;
import scalablechat.common.Env.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Which scheduler the environment selects, and the settings of the local one and of the fleet view. */
class SchedulerChoiceTest {
    @TempDir
    Path dir;

    private BackendConfig config(Map<String, String> vars) throws Exception {
        Path jar = Files.writeString(dir.resolve("session.jar"), "not really a jar: only its presence is checked");
        Map<String, String> all = new HashMap<>(Map.of("JWT_SECRET", TestServers.SECRET, "SESSION_JAR", jar.toString()));
        all.putAll(vars);
        return BackendConfig.from(new Env(all));
    }

    private ConfigException refused(Map<String, String> vars) {
        return assertThrows(ConfigException.class, () -> config(vars));
    }

    @Test
    void localIsTheDefaultWhenNoOtherSchedulerIsConfigured() throws Exception {
        BackendConfig config = config(Map.of());
        assertEquals(SchedulerKind.LOCAL, config.scheduler());
        var local = assertInstanceOf(LocalSchedulerConfig.class, config.schedulerConfig());
        assertEquals(1, local.minServers());
        assertEquals(8, local.maxServers());
        assertEquals(60, local.serverIdle().toSeconds());
        assertEquals(Duration.ofSeconds(2), local.calls().sessionServerTimeout());
        assertEquals(Duration.ZERO, local.calls().roomLookupCache());
        assertEquals(Duration.ofSeconds(30 * 2 + 5 + 8), local.longestCall(), "two starts, a handover, an admission");
        assertFalse(config.toString().contains(TestServers.SECRET), config.toString());
        assertTrue(config.adminToken().isEmpty());
    }

    @Test
    void sessionServerHostSelectsTheStaticScheduler() throws Exception {
        BackendConfig config = config(Map.of("SESSION_SERVER_HOST", "h1:8000,h2:8000"));
        assertEquals(SchedulerKind.STATIC, config.scheduler());
        var fixed = assertInstanceOf(StaticSchedulerConfig.class, config.schedulerConfig());
        assertEquals(2, fixed.sessionServers().size());
        assertEquals(Duration.ZERO, fixed.longestCall());
    }

    @Test
    void hathoraSettingsSelectHathora() throws Exception {
        BackendConfig config = config(Map.of("HATHORA_APP_ID", "app", "HATHORA_TOKEN", "t"));
        assertEquals(SchedulerKind.HATHORA, config.scheduler());
        assertEquals("app", assertInstanceOf(HathoraConfig.class, config.schedulerConfig()).appId());
    }

    @Test
    void schedulerNamesOneExplicitly() throws Exception {
        BackendConfig explicitStatic = config(Map.of("SCHEDULER", "static"));
        assertEquals(SchedulerKind.STATIC, explicitStatic.scheduler());
        assertEquals("localhost:8000", assertInstanceOf(StaticSchedulerConfig.class, explicitStatic.schedulerConfig())
                .sessionServers().get(0).publicHost(), "the original's default");
        assertEquals(SchedulerKind.LOCAL, config(Map.of("SCHEDULER", "LOCAL", "SESSION_SERVER_HOST", "h:1")).scheduler());
        assertTrue(refused(Map.of("SCHEDULER", "kubernetes")).getMessage().contains("SCHEDULER must be local, static, agones or hathora"));
        assertTrue(refused(Map.of("SCHEDULER", "agones")).getMessage().contains("KUBERNETES_API"), "agones outside a pod needs its API");
        assertTrue(refused(Map.of("SCHEDULER", "hathora")).getMessage().contains("HATHORA_APP_ID"));
    }

    @Test
    void sessionServerSettingsReachTheSchedulersThatCallSessionServers() throws Exception {
        Map<String, String> settings = Map.of("SESSION_SERVER_TIMEOUT_MS", "5000", "ROOM_LOOKUP_CACHE_MS", "1500");
        var local = assertInstanceOf(LocalSchedulerConfig.class, config(settings).schedulerConfig());
        assertEquals(Duration.ofSeconds(5), local.calls().sessionServerTimeout());
        assertEquals(Duration.ofMillis(1500), local.calls().roomLookupCache());
        Map<String, String> fixedSettings = new HashMap<>(settings);
        fixedSettings.put("SCHEDULER", "static");
        var fixed = assertInstanceOf(StaticSchedulerConfig.class, config(fixedSettings).schedulerConfig());
        assertEquals(local.calls(), fixed.calls());
    }

    /** As before the schedulers had config classes of their own: these are checked whichever scheduler runs. */
    @Test
    void sessionServerSettingsAreCheckedUnderAnyScheduler() {
        assertTrue(refused(Map.of("SESSION_SERVER_HOST", "no-port")).getMessage().contains("SESSION_SERVER_HOST"));
        assertTrue(refused(Map.of("SCHEDULER", "local", "SESSION_SERVER_HOST", "no-port")).getMessage()
                .contains("SESSION_SERVER_HOST"));
        assertTrue(refused(Map.of("SESSION_SERVER_TIMEOUT_MS", "99")).getMessage().contains("SESSION_SERVER_TIMEOUT_MS"));
        assertTrue(refused(Map.of("HATHORA_APP_ID", "app", "HATHORA_TOKEN", "t", "ROOM_LOOKUP_CACHE_MS", "60001"))
                .getMessage().contains("ROOM_LOOKUP_CACHE_MS"));
    }

    @Test
    void localSettingsAreChecked() {
        assertTrue(refused(Map.of("SESSION_JAR", dir.resolve("missing.jar").toString())).getMessage().contains("SESSION_JAR"));
        assertTrue(refused(Map.of("MIN_SERVERS", "3", "MAX_SERVERS", "2")).getMessage().contains("MIN_SERVERS"));
        assertTrue(refused(Map.of("MAX_SERVERS", "0")).getMessage().contains("MAX_SERVERS"));
        assertTrue(refused(Map.of("SERVER_IDLE_SECONDS", "0")).getMessage().contains("SERVER_IDLE_SECONDS"));
        assertTrue(refused(Map.of("SERVER_START_TIMEOUT_SECONDS", "x")).getMessage().contains("SERVER_START_TIMEOUT_SECONDS"));
    }

    @Test
    void adminTokenMustBeLongEnough() throws Exception {
        assertTrue(refused(Map.of("ADMIN_TOKEN", "short")).getMessage().contains("ADMIN_TOKEN"));
        assertTrue(refused(Map.of("ADMIN_TOKEN", "has a space in it, so no")).getMessage().contains("ADMIN_TOKEN"));
        assertEquals("0123456789abcdef", config(Map.of("ADMIN_TOKEN", "0123456789abcdef")).adminToken().orElseThrow());
    }

    @Test
    void childrenShareTheSecretAndAnAbsoluteDataDir() throws Exception {
        var local = assertInstanceOf(LocalSchedulerConfig.class,
                config(Map.of("DATA_DIR", "some/dir", "USERS_PER_ROOM", "7")).schedulerConfig());
        assertEquals(TestServers.SECRET, local.childEnvironment().get("JWT_SECRET"));
        assertTrue(Path.of(local.childEnvironment().get("DATA_DIR")).isAbsolute());
        assertEquals("7", local.childEnvironment().get("USERS_PER_ROOM"), "session settings reach the children");
    }
}
