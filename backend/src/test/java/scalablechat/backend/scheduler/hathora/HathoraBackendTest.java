package scalablechat.backend.scheduler.hathora;

import scalablechat.common.http.HttpServerLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.BackendConfig;
import scalablechat.backend.BackendServer;
import scalablechat.backend.TestHttp;
import scalablechat.backend.TestServers;
import scalablechat.common.Env;
import scalablechat.common.Tokens;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static scalablechat.backend.scheduler.hathora.FakeHathora.*;

/** The backend configured for Hathora, end to end over HTTP, against the fake Hathora API. */
class HathoraBackendTest {
    private static final String TOKEN = "hathora-token-for-backend-test";

    @TempDir
    Path clientDir;
    @TempDir
    Path dataDir;
    private FakeHathora hathora;
    private BackendServer backend;
    private TestHttp http;
    private String userToken;

    @BeforeEach
    void start() throws Exception {
        hathora = FakeHathora.start();
        backend = BackendServer.start(config(Map.of()));
        http = new TestHttp(backend.port());
        userToken = http.login("alice");
    }

    @AfterEach
    void stop() {
        backend.close();
        hathora.close();
    }

    private BackendConfig config(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of(
                "PORT", "0",
                "JWT_SECRET", TestServers.SECRET,
                "CLIENT_DIR", clientDir.toString(),
                "HATHORA_APP_ID", APP_ID,
                "HATHORA_TOKEN", TOKEN,
                "HATHORA_API_BASE", hathora.base().toString(),
                "HATHORA_REGION", "Frankfurt"));
        env.putAll(more);
        return BackendConfig.from(new Env(env));
    }

    @Test
    void hathoraSettingsSelectTheHathoraScheduler() {
        BackendConfig config = config(Map.of());
        HathoraConfig hathoraConfig = assertInstanceOf(HathoraConfig.class, config.schedulerConfig());
        assertFalse(config.toString().contains(TOKEN), config.toString());
        assertEquals(Duration.ofSeconds(120), hathoraConfig.longestCall(), "a lookup waiting for a cold start");
        assertEquals("130", HttpServerLimits.properties(hathoraConfig.longestCall()).get("sun.net.httpserver.maxRspTime"),
                "the HTTP server lets that lookup's response finish");
        assertEquals("30", HttpServerLimits.properties(Duration.ZERO).get("sun.net.httpserver.maxRspTime"));
    }

    @Test
    void createThenLookUpGivesATlsAddressAndATokenNamingIt() throws Exception {
        hathora.script("create", createdStarting("proc-1"));

        var created = http.post("/api/rooms", "", userToken);
        assertEquals(200, created.status(), created.body());
        String roomId = created.json().getString("roomId", null);
        var create = hathora.requestsTo("create").get(0);
        assertEquals(roomId, create.roomIdParam());
        assertEquals("Bearer " + TOKEN, create.header("Authorization"));
        assertTrue(create.body().contains("\"Frankfurt\""), create.body());

        hathora.script("connectioninfo/" + roomId, always(starting(roomId)),
                always(active(roomId, "mpl7ff.edge.hathora.dev", 55939, "tls")));
        var found = http.get("/api/rooms/" + roomId, userToken);
        assertEquals(200, found.status(), found.body());
        assertEquals("mpl7ff.edge.hathora.dev:55939", found.json().getString("host", null));
        assertEquals("wss", found.json().getString("scheme", null));
        Tokens.SessionClaims claims = new Tokens(TestServers.SECRET).verifySession(found.json().getString("token", null));
        assertEquals(new Tokens.SessionClaims("alice", roomId, "mpl7ff.edge.hathora.dev:55939", claims.issuedAt()), claims);
    }

    /**
     * Both halves of the Hathora setup together: the backend's token names the address Hathora reports,
     * and a session server started with Hathora's variables accepts it for a room it never heard of.
     * The test client dials the server's real port, standing in for Hathora's edge.
     */
    @Test
    void aSessionServerUnderHathoraAcceptsTheBackendsToken() throws Exception {
        try (SessionServer session = SessionServer.start(SessionConfig.from(new Env(Map.of(
                "PORT", "0", "JWT_SECRET", TestServers.SECRET, "DATA_DIR", dataDir.toString(),
                "HATHORA_HOSTNAME", "mpl7ff.edge.hathora.dev", "HATHORA_DEFAULT_PORT", "55939"))))) {
            hathora.script("create", createdStarting("proc-1"));
            String roomId = http.post("/api/rooms", "", userToken).json().getString("roomId", null);
            hathora.script("connectioninfo/" + roomId, always(active(roomId, "mpl7ff.edge.hathora.dev", 55939, "tls")));
            String sessionToken = http.get("/api/rooms/" + roomId, userToken).json().getString("token", null);

            BlockingQueue<String> frames = new LinkedBlockingQueue<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + session.port() + "/?token="
                            + URLEncoder.encode(sessionToken, StandardCharsets.UTF_8)), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            ws.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            String snapshot = frames.poll(30, TimeUnit.SECONDS);
            assertNotNull(snapshot, "joined: the room opened on its first join");
            assertTrue(snapshot.contains("\"connectedUsers\":[\"alice\"]"), snapshot);
            socket.abort();
        }
    }

    @Test
    void roomHathoraDoesNotKnowIsAnsweredLikeTheOriginal() throws Exception {
        var reply = http.get("/api/rooms/gone-room", userToken);
        assertEquals(200, reply.status());
        assertTrue(reply.json().get("host").isNull());
        assertTrue(reply.json().get("token").isNull());
    }

    @Test
    void hathoraFailuresBecome503WithRetryAfter() throws Exception {
        hathora.script("connectioninfo/broken", always(error(500, "Internal error")));
        hathora.script("create", always(error(402, "Plan limit reached")));

        var lookup = http.get("/api/rooms/broken", userToken);
        assertEquals(503, lookup.status());
        assertNotNull(lookup.header("Retry-After"));
        assertNotNull(lookup.error());

        var create = http.post("/api/rooms", "", userToken);
        assertEquals(503, create.status());
        assertNotNull(create.header("Retry-After"));
    }
}
