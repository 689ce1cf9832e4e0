package scalablechat.backend.scheduler.hathora;

import org.junit.jupiter.api.Test;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.common.Env;
import scalablechat.common.Env.ConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HathoraConfigTest {
    private static Env env(String... pairs) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        return new Env(vars);
    }

    @Test
    void defaultsFollowTheOriginal() {
        HathoraConfig config = HathoraConfig.from(env("HATHORA_APP_ID", "app-1", "HATHORA_TOKEN", "tok"));

        assertEquals(URI.create("https://api.hathora.dev"), config.apiBase());
        assertEquals("app-1", config.appId());
        assertEquals("tok", config.token());
        assertEquals("Dallas", config.region());
        assertEquals(Duration.ofSeconds(120), config.lookupTimeout());
        assertEquals(Duration.ofMillis(250), config.pollInterval());
        assertTrue(config.knownRegion());
    }

    @Test
    void everySettingIsRead() {
        HathoraConfig config = HathoraConfig.from(env("HATHORA_APP_ID", "app-1", "HATHORA_TOKEN", "tok",
                "HATHORA_API_BASE", "http://127.0.0.1:9999/", "HATHORA_REGION", "Frankfurt",
                "HATHORA_LOOKUP_TIMEOUT_SECONDS", "7"));

        assertEquals(URI.create("http://127.0.0.1:9999"), config.apiBase(), "trailing slash dropped");
        assertEquals("Frankfurt", config.region());
        assertEquals(Duration.ofSeconds(7), config.lookupTimeout());
    }

    @Test
    void schedulerIsChosenOnlyWhenAppIdAndTokenAreSet() throws Exception {
        assertTrue(HathoraScheduler.fromEnv(env()).isEmpty());
        try (Scheduler scheduler = HathoraScheduler.fromEnv(env("HATHORA_APP_ID", "app-1", "HATHORA_TOKEN", "t"))
                .orElseThrow()) {
            assertInstanceOf(HathoraScheduler.class, scheduler);
        }
    }

    @Test
    void halfAConfigurationStopsTheServer() {
        assertThrows(ConfigException.class, () -> HathoraScheduler.fromEnv(env("HATHORA_APP_ID", "app-1")));
        assertThrows(ConfigException.class, () -> HathoraScheduler.fromEnv(env("HATHORA_TOKEN", "tok")));
    }

    @Test
    void badValuesAreRefusedWithTheVariableNamed() {
        assertRefused("HATHORA_API_BASE", "HATHORA_API_BASE", "ftp://example.com");
        assertRefused("HATHORA_API_BASE", "HATHORA_API_BASE", "not a url");
        assertRefused("HATHORA_APP_ID", "HATHORA_APP_ID", "app/../x");
        assertRefused("HATHORA_REGION", "HATHORA_REGION", "Dallas; rm");
        assertRefused("HATHORA_LOOKUP_TIMEOUT_SECONDS", "HATHORA_LOOKUP_TIMEOUT_SECONDS", "0");
        assertRefused("HATHORA_TOKEN", "HATHORA_TOKEN", "two words");
    }

    @Test
    void unknownRegionsPassLikeHathorasOpenEnum() {
        HathoraConfig config = HathoraConfig.from(env("HATHORA_APP_ID", "a", "HATHORA_TOKEN", "t",
                "HATHORA_REGION", "Atlantis"));
        assertEquals("Atlantis", config.region());
        assertFalse(config.knownRegion());
    }

    @Test
    void toStringHidesTheToken() {
        HathoraConfig config = HathoraConfig.from(env("HATHORA_APP_ID", "a", "HATHORA_TOKEN", "s3cr3t-token"));
        assertFalse(config.toString().contains("s3cr3t-token"), config.toString());
    }

    private static void assertRefused(String expectedInMessage, String name, String value) {
        Map<String, String> vars = new HashMap<>(Map.of("HATHORA_APP_ID", "app-1", "HATHORA_TOKEN", "tok"));
        vars.put(name, value);
        ConfigException e = assertThrows(ConfigException.class, () -> HathoraConfig.from(new Env(vars)), name + "=" + value);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }
}
