package scalablechat.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.BackendConfig.SchedulerKind;
import scalablechat.common.Env;
import scalablechat.common.Env.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
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
        assertEquals(1, config.local().orElseThrow().minServers());
        assertEquals(8, config.local().orElseThrow().maxServers());
        assertEquals(60, config.local().orElseThrow().serverIdle().toSeconds());
        assertTrue(config.adminToken().isEmpty());
    }

    @Test
    void sessionServerHostSelectsTheStaticScheduler() throws Exception {
        BackendConfig config = config(Map.of("SESSION_SERVER_HOST", "h1:8000,h2:8000"));
        assertEquals(SchedulerKind.STATIC, config.scheduler());
        assertTrue(config.local().isEmpty());
        assertEquals(2, config.sessionServers().size());
    }

    @Test
    void hathoraSettingsSelectHathora() throws Exception {
        assertEquals(SchedulerKind.HATHORA, config(Map.of("HATHORA_APP_ID", "app", "HATHORA_TOKEN", "t")).scheduler());
    }

    @Test
    void schedulerNamesOneExplicitly() throws Exception {
        BackendConfig explicitStatic = config(Map.of("SCHEDULER", "static"));
        assertEquals(SchedulerKind.STATIC, explicitStatic.scheduler());
        assertEquals("localhost:8000", explicitStatic.sessionServers().get(0).publicHost(), "the original's default");
        assertEquals(SchedulerKind.LOCAL, config(Map.of("SCHEDULER", "LOCAL", "SESSION_SERVER_HOST", "h:1")).scheduler());
        assertTrue(refused(Map.of("SCHEDULER", "kubernetes")).getMessage().contains("SCHEDULER must be local, static, agones or hathora"));
        assertTrue(refused(Map.of("SCHEDULER", "agones")).getMessage().contains("KUBERNETES_API"), "agones outside a pod needs its API");
        assertTrue(refused(Map.of("SCHEDULER", "hathora")).getMessage().contains("HATHORA_APP_ID"));
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
        var local = config(Map.of("DATA_DIR", "some/dir", "USERS_PER_ROOM", "7")).local().orElseThrow();
        assertEquals(TestServers.SECRET, local.childEnvironment().get("JWT_SECRET"));
        assertTrue(Path.of(local.childEnvironment().get("DATA_DIR")).isAbsolute());
        assertEquals("7", local.childEnvironment().get("USERS_PER_ROOM"), "session settings reach the children");
    }
}
