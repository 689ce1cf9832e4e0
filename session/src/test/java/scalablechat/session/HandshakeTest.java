package scalablechat.session;

import com.eclipsesource.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scalablechat.common.Tokens;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may connect: every kind of bad token is refused with 4401, and the socket does not linger. */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class HandshakeTest {
    private static Harness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = Harness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String encode(String token) {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Connects with {@code query} and expects a close with 4401 whose reason contains {@code reason}. */
    private static void refused(String query, String reason) throws Exception {
        try (TestClient client = TestClient.connect(harness.uri(query), Harness.V2)) {
            TestClient.Close close = client.awaitClose();
            assertEquals(4401, close.code(), close.toString());
            assertTrue(close.reason().contains(reason), close.reason());
            client.expectNothingQueued();
        }
    }

    @Test
    void missingToken() throws Exception {
        refused("", "missing token");
        refused("token=", "missing token");
    }

    @Test
    void malformedToken() throws Exception {
        refused("token=not-a-jwt", "malformed");
        refused("token=" + encode("a.b.c"), "malformed");
    }

    @Test
    void badSignature() throws Exception {
        String forged = new Tokens("another-secret").sessionToken("alice", "r1", harness.host());
        refused("token=" + encode(forged), "bad signature");
    }

    @Test
    void expiredToken() throws Exception {
        Clock longAgo = Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
        String expired = new Tokens(Harness.SECRET, longAgo).sessionToken("alice", "r1", harness.host());
        refused("token=" + encode(expired), "expired");
    }

    @Test
    void tokenForAnotherServer() throws Exception {
        String elsewhere = harness.tokens.sessionToken("alice", "r1", "other.example:8000");
        refused("token=" + encode(elsewhere), "another server");
    }

    @Test
    void algNone() throws Exception {
        long now = Instant.now().getEpochSecond();
        String payload = Json.object().add("userId", "alice").add("roomId", "r1").add("host", harness.host())
                .add("iat", now).add("exp", now + 600).toString();
        refused("token=" + encode(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(payload) + "."), "unsupported algorithm");
    }

    @Test
    void userTokenIsNotASessionToken() throws Exception {
        refused("token=" + encode(harness.tokens.userToken("alice")), "missing claim roomId");
    }

    @Test
    void badSinceIsABadRequest() throws Exception {
        String token = encode(harness.token("alice", "r1"));
        for (String since : new String[] {"-1", "abc", "1.5", ""}) {
            try (TestClient client = TestClient.connect(harness.uri("token=" + token + "&since=" + since), Harness.V2)) {
                assertEquals(4400, client.awaitClose().code(), "since=" + since);
            }
        }
    }

    @Test
    void refusedSocketIsClosedByTheServer() throws Exception {
        try (RawWebSocket raw = RawWebSocket.open(harness.server.port(), "token=nope", Harness.V2, 0)) {
            RawWebSocket.Frame close = raw.readFrame();
            assertEquals(RawWebSocket.OP_CLOSE, close.opcode());
            assertEquals(4401, close.closeCode());
            // Without answering the close, the server must end the TCP connection by itself.
            assertTrue(raw.readsToEnd(), "server kept the socket open");
        }
    }

    @Test
    void publicHostIsWhatTokensMustName() throws Exception {
        try (Harness named = Harness.start(Map.of("PUBLIC_HOST", "chat.example:443"))) {
            String good = encode(named.tokens.sessionToken("alice", "r1", "chat.example:443"));
            try (TestClient client = TestClient.connect(named.uri("token=" + good), Harness.V2)) {
                client.expect("welcome");
            }
            String byHostHeader = encode(named.token("alice", "r1"));
            try (TestClient client = TestClient.connect(named.uri("token=" + byHostHeader), Harness.V2)) {
                assertEquals(4401, client.awaitClose().code(), "the Host header no longer counts");
            }
        }
    }

    @Test
    void handshakeThatNeverCompletesIsClosed() throws Exception {
        try (Harness quick = Harness.start(Map.of("HANDSHAKE_TIMEOUT_SECONDS", "1"));
             RawWebSocket silent = RawWebSocket.connectTcp(quick.server.port(), 0);
             RawWebSocket halfway = RawWebSocket.connectTcp(quick.server.port(), 0)) {
            halfway.write("GET /?token=x HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(silent.readsToEnd(), "a silent socket was not closed");
            assertTrue(halfway.readsToEnd(), "a half-sent handshake was not closed");
        }
    }

    @Test
    void plainHttpRequestIsAnsweredAndClosed() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connectTcp(harness.server.port(), 0)) {
            raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = raw.readHead();
            assertTrue(head.startsWith("HTTP/1.1 4"), head);
            assertTrue(raw.readsToEnd(), "a refused upgrade left the socket open");
        }
    }

    @Test
    void connectionsPerIpAreCapped() throws Exception {
        try (Harness capped = Harness.start(Map.of("MAX_CONNECTIONS_PER_IP", "3"));
             TestClient a = capped.joinedV2("a", "r1");
             TestClient b = capped.joinedV2("b", "r1");
             TestClient c = capped.joinedV2("c", "r1")) {
            assertThrows(Exception.class, () -> capped.v2("d", "r1"), "the fourth connection from one IP");
            a.close();
            capped.awaitConnections("r1", 2);
            try (TestClient d = capped.v2("d", "r1")) {
                d.expect("welcome"); // a freed slot can be used again
            }
        }
    }

    @Test
    void pendingHandshakesAreCapped() throws Exception {
        // Per address, one; in all, two: three addresses are needed to reach the global cap.
        try (Harness capped = Harness.start(Map.of("MAX_PENDING_HANDSHAKES", "2", "MAX_PENDING_HANDSHAKES_PER_IP", "1"));
             RawWebSocket one = RawWebSocket.connectTcpFrom("127.0.0.1", capped.server.port(), 0);
             RawWebSocket two = RawWebSocket.connectTcpFrom("127.0.0.2", capped.server.port(), 0)) {
            capped.awaitPendingHandshakes(2);
            try (RawWebSocket three = RawWebSocket.connectTcpFrom("127.0.0.3", capped.server.port(), 0)) {
                assertTrue(three.readsToEnd(), "a third pending handshake was let in");
            }
            one.close();
            two.close();
        }
    }

    @Test
    void oneAddressCannotTakeEveryPendingHandshakeSlot() throws Exception {
        java.util.List<RawWebSocket> silent = new java.util.ArrayList<>();
        try (Harness capped = Harness.start(Map.of("MAX_PENDING_HANDSHAKES", "40", "MAX_PENDING_HANDSHAKES_PER_IP", "10"))) {
            for (int i = 0; i < 40; i++) {
                silent.add(RawWebSocket.connectTcp(capped.server.port(), 0));
            }
            capped.awaitPendingHandshakes(10);
            String query = "token=" + encode(capped.token("alice", "r1"));
            try (RawWebSocket alice = RawWebSocket.openFrom("127.0.0.2", capped.server.port(), query, Harness.V2, 0)) {
                assertEquals(RawWebSocket.OP_TEXT, alice.readFrame().opcode(), "a client from another address joins");
            }
            assertTrue(silent.get(39).readsToEnd(), "the address's 11th silent socket was refused");
        } finally {
            for (RawWebSocket socket : silent) {
                socket.close();
            }
        }
    }

    @Test
    void aPendingShareMustBeBelowTheGlobalCap() {
        assertThrows(scalablechat.common.Env.ConfigException.class, () -> SessionConfig.from(new scalablechat.common.Env(
                Map.of("JWT_SECRET", Harness.SECRET, "MAX_PENDING_HANDSHAKES", "10", "MAX_PENDING_HANDSHAKES_PER_IP", "10"))));
    }

    @Test
    void anUpgradeRequestOver8KiBIsClosed() throws Exception {
        try (RawWebSocket raw = RawWebSocket.connectTcp(harness.server.port(), 0)) {
            raw.write("GET /?pad=".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            try {
                for (int i = 0; i < 64; i++) { // up to 64 KiB of request line
                    raw.write(chunk);
                    Thread.sleep(5);
                }
            } catch (java.io.IOException e) {
                closed = true; // the server closed (reset) while we were writing
            }
            assertTrue(closed || raw.readsToEnd(), "the server kept reading an endless request line");
        }
        try (TestClient client = harness.joinedV2("alice", "r-after-big-handshake")) {
            client.sendV2("still serving", null);
            assertEquals("still serving", client.expect("message").getString("text", null));
        }
    }

    @Test
    void withoutPublicHostATokenForAnotherServerIsRefusedWhateverTheHostHeader() throws Exception {
        String elsewhere = encode(harness.tokens.sessionToken("alice", "r1", "other.example:8000"));
        try (RawWebSocket raw = RawWebSocket.connectTcp(harness.server.port(), 0)) {
            raw.write(("GET /?token=" + elsewhere + " HTTP/1.1\r\nHost: other.example:8000\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + Harness.V2 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(raw.readHead().startsWith("HTTP/1.1 101"));
            RawWebSocket.Frame close = raw.readFrame();
            assertEquals(4401, close.closeCode(), close.closeReason());
        }
        try (Harness trusting = Harness.start(Map.of("TRUST_HOST_HEADER", "true"));
             RawWebSocket raw = RawWebSocket.connectTcp(trusting.server.port(), 0)) {
            String token = encode(trusting.tokens.sessionToken("alice", "r1", "other.example:8000"));
            raw.write(("GET /?token=" + token + " HTTP/1.1\r\nHost: other.example:8000\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + Harness.V2 + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(raw.readHead().startsWith("HTTP/1.1 101"));
            assertEquals(RawWebSocket.OP_TEXT, raw.readFrame().opcode(), "the original's rule, kept behind TRUST_HOST_HEADER");
        }
    }
}
