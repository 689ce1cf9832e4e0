package scalablechat.backend;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.Env;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How many rooms a user and an address may create: the rule on a fake clock, then through the real backend. */
class RoomCreationLimitsTest {
    @TempDir
    Path clientDir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aSlidingWindowPerUserAndPerAddress() throws Exception {
        AtomicLong now = new AtomicLong();
        RoomCreationLimits limits = new RoomCreationLimits(
                new RoomCreationLimits.Settings(2, 3, Duration.ofSeconds(60)), now::get);
        limits.reserve("ana", "192.0.2.1");
        limits.reserve("ana", "192.0.2.1");
        RoomCreationLimits.Refused user = assertThrows(RoomCreationLimits.Refused.class,
                () -> limits.reserve("ana", "192.0.2.9"));
        assertEquals(60, user.retryAfterSeconds());
        limits.reserve("bo", "192.0.2.1");
        RoomCreationLimits.Refused address = assertThrows(RoomCreationLimits.Refused.class,
                () -> limits.reserve("cy", "192.0.2.1"));
        assertTrue(address.getMessage().contains("address"), address.getMessage());
        limits.reserve("cy", "192.0.2.2"); // another address is not held back

        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(30, assertThrows(RoomCreationLimits.Refused.class,
                () -> limits.reserve("ana", "192.0.2.3")).retryAfterSeconds());
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        limits.reserve("ana", "192.0.2.3"); // the window has slid past the first two
    }

    @Test
    void aCancelledCreationIsGivenBack() throws Exception {
        RoomCreationLimits limits = new RoomCreationLimits(
                new RoomCreationLimits.Settings(1, 10, Duration.ofSeconds(60)), System::nanoTime);
        limits.cancel(limits.reserve("ana", "192.0.2.1"));
        limits.reserve("ana", "192.0.2.1");
        assertThrows(RoomCreationLimits.Refused.class, () -> limits.reserve("ana", "192.0.2.1"));
    }

    private TestHttp backend(Map<String, String> settings) throws Exception {
        SessionServers sessions = SessionServers.start(1, 1000);
        started.add(sessions);
        TestServers.applyHttpServerLimits();
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "JWT_SECRET", TestServers.SECRET,
                "SESSION_SERVER_HOST", sessions.sessionServerHost(), "CLIENT_DIR", clientDir.toString()));
        env.putAll(settings);
        BackendServer backend = BackendServer.start(BackendConfig.from(new Env(env)));
        started.add(backend);
        return new TestHttp(backend.port());
    }

    @Test
    void theApiAnswers429WithRetryAfterAndCountsForwardedAddressesOnlyFromALocalProxy() throws Exception {
        TestHttp http = backend(Map.of("ROOM_CREATES_PER_USER", "2", "ROOM_CREATES_PER_ADDRESS", "3"));
        String ana = http.login("ana");
        assertEquals(200, http.post("/api/rooms", "", ana).status());
        assertEquals(200, http.post("/api/rooms", "", ana).status());
        var tooFast = http.post("/api/rooms", "", ana);
        assertEquals(429, tooFast.status(), tooFast.body());
        assertTrue(tooFast.error().contains("too fast"), tooFast.error());
        assertNotNull(tooFast.header("Retry-After"));

        // Many names from one address: the address's share holds.
        assertEquals(200, http.post("/api/rooms", "", http.login("bo")).status());
        var crowd = http.post("/api/rooms", "", http.login("cy"));
        assertEquals(429, crowd.status(), crowd.body());
        assertTrue(crowd.error().contains("address"), crowd.error());

        // This test's requests come from loopback, as a local proxy's do: the address it forwards counts.
        var forwarded = http.postWithHeader("/api/rooms", http.login("dee"), "X-Forwarded-For", "198.51.100.7, 203.0.113.9");
        assertEquals(200, forwarded.status(), forwarded.body());
        var bystander = http.postWithHeader("/api/rooms", http.login("eve"), "X-Forwarded-For", "203.0.113.10");
        assertEquals(200, bystander.status(), "another client behind the proxy still creates rooms");
    }
}
