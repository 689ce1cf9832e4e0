package scalablechat.backend;

import com.eclipsesource.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import scalablechat.common.Tokens;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.*;

/** The REST API's rules that need no session server: login, tokens, routing errors, body limits. */
class BackendApiTest {
    @TempDir
    static Path clientDir;
    static BackendServer backend;
    static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        backend = TestServers.backend(TestServers.deadSessionServer(), clientDir);
        http = new TestHttp(backend.port());
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void healthzAnswers() throws Exception {
        var reply = http.get("/healthz", null);
        assertEquals(200, reply.status());
        assertEquals("ok", reply.json().getString("status", null));
    }

    @Test
    void loginGivesAStandardUserToken() throws Exception {
        var reply = http.post("/api/login", "{\"userId\":\"alice\"}", null);
        assertEquals(200, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("application/json"));
        String token = reply.json().getString("token", null);
        assertEquals("alice", new Tokens(TestServers.SECRET).verifyUser(token).userId());
    }

    @Test
    void loginTrimsTheUserId() throws Exception {
        String token = http.login("  bob \t");
        assertEquals("bob", new Tokens(TestServers.SECRET).verifyUser(token).userId());
    }

    @Test
    void loginAcceptsThirtyTwoCharactersCountedAsCodePoints() throws Exception {
        String emoji = "\uD83D\uDE00".repeat(32); // 32 characters, 64 UTF-16 units
        assertEquals(emoji, new Tokens(TestServers.SECRET).verifyUser(http.login(emoji)).userId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abcdefghijklmnopqrstuvwxyz0123456", "bell\u0007", "be\u0007ll", "new\nline", "nul\u0000", "a\u0000b", "rtl\u202Eoverride", "\u3164", "\u2800", "\u00A0", "bob\u3164"})
    void loginRefusesBadUserIds(String userId) throws Exception {
        var reply = http.post("/api/login", Json.object().add("userId", userId).toString(), null);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.error().startsWith("userId must"), reply.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[]", "\"alice\"", "{}", "{\"userId\":null}", "{\"userId\":42}",
            "{\"name\":\"alice\"}"})
    void loginRefusesMalformedBodies(String body) throws Exception {
        var reply = http.post("/api/login", body, null);
        assertEquals(400, reply.status(), reply.body());
        assertNotNull(reply.error());
    }

    @Test
    void bodiesOver64KiBAre413() throws Exception {
        String big = "{\"userId\":\"" + "a".repeat(70 * 1024) + "\"}";
        var reply = http.post("/api/login", big, null);
        assertEquals(413, reply.status());
        assertTrue(reply.error().contains("larger than"), reply.error());
        var chunked = http.postChunked("/api/login", big);
        assertEquals(413, chunked.status());
        assertEquals("close", chunked.header("Connection"));
        assertEquals(200, http.postChunked("/api/login", "{\"userId\":\"carol\"}").status());
        // and the server is still fine
        assertEquals(200, http.get("/healthz", null).status());
    }

    @Test
    void roomRoutesNeedAUserToken() throws Exception {
        Tokens tokens = new Tokens(TestServers.SECRET);
        Tokens otherSecret = new Tokens("some other secret");
        Tokens yesterday = new Tokens(TestServers.SECRET,
                Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC));
        String[] refused = {null, "", "garbage", "a.b.c", otherSecret.userToken("alice"), yesterday.userToken("alice"),
                tokens.internalToken(), tokens.userToken("alice") + "x"};
        for (String token : refused) {
            var create = http.post("/api/rooms", "", token);
            assertEquals(401, create.status(), "create with " + token);
            assertEquals("Bearer", create.header("WWW-Authenticate"));
            assertNotNull(create.error());
            var lookup = http.get("/api/rooms/abc", token);
            assertEquals(401, lookup.status(), "lookup with " + token);
            assertNotNull(lookup.error());
        }
        var expired = http.post("/api/rooms", "", yesterday.userToken("alice"));
        assertEquals("invalid token: token expired", expired.error());
    }

    @Test
    void unknownApiRoutesAre404Json() throws Exception {
        for (String path : new String[]{"/api", "/api/", "/api/nothing", "/api/rooms/a/b", "/api/rooms/", "/api/login/x"}) {
            var reply = http.get(path, null);
            assertEquals(404, reply.status(), path);
            assertNotNull(reply.error(), path);
        }
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        var login = http.get("/api/login", null);
        assertEquals(405, login.status());
        assertEquals("POST", login.header("Allow"));
        assertNotNull(login.error());

        var rooms = http.method("DELETE", "/api/rooms/abc", http.login("alice"));
        assertEquals(405, rooms.status());
        assertEquals("GET", rooms.header("Allow"));

        var roomsList = http.get("/api/rooms", null);
        assertEquals(405, roomsList.status());
        assertEquals("POST", roomsList.header("Allow"));

        var page = http.method("PUT", "/index.html", null);
        assertEquals(405, page.status());
        assertEquals("GET, HEAD", page.header("Allow"));
        assertNotNull(page.error());
    }

    @Test
    void noSessionServerReachableIs503WithRetryAfter() throws Exception {
        var reply = http.post("/api/rooms", "", http.login("alice"));
        assertEquals(503, reply.status());
        assertTrue(Integer.parseInt(reply.header("Retry-After")) > 0);
        assertNotNull(reply.error());
    }

    @Test
    void roomIdsThatNameNoKnownServerAreUnknownRooms() throws Exception {
        String token = http.login("alice");
        for (String roomId : new String[]{"abc", "k7m2x9q4w3e8r5t6-zzzzz", "%2e%2e", "a".repeat(200)}) {
            var reply = http.get("/api/rooms/" + roomId, token);
            assertEquals(200, reply.status(), roomId);
            assertTrue(reply.json().get("host").isNull(), roomId);
            assertTrue(reply.json().get("token").isNull(), roomId);
        }
    }
}
