package scalablechat.backend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client that opens a connection and then dawdles is cut off by the JDK server's request time limit
 * (shortened to {@link TestServers#TEST_MAX_REQUEST_SECONDS} in tests), and holds no request thread meanwhile.
 */
class SlowClientTest {
    @TempDir
    static Path clientDir;
    static BackendServer backend;

    @BeforeAll
    static void start() throws Exception {
        backend = TestServers.backend(TestServers.deadSessionServer(), clientDir);
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    @Test
    void clientsThatNeverFinishTheirRequestAreDisconnected() throws Exception {
        try (Socket partial = connect(); Socket silent = connect(); Socket slowBody = connect()) {
            partial.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            slowBody.getOutputStream().write(("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"us")
                    .getBytes(StandardCharsets.US_ASCII));
            // Meanwhile others are served normally.
            assertEquals(200, new TestHttp(backend.port()).get("/healthz", null).status());
            assertClosedByServer(partial);
            assertClosedByServer(silent);
            assertClosedByServer(slowBody);
        }
        assertEquals(200, new TestHttp(backend.port()).get("/healthz", null).status());
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", backend.port()), 10_000);
        // Far longer than the limit, so a pass means the server closed it, not our own timeout.
        socket.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
        return socket;
    }

    private static void assertClosedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            byte[] rest = in.readAllBytes();
            // The server may send nothing at all, or nothing that is a successful answer.
            assertFalse(new String(rest, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200"));
        } catch (SocketException e) {
            // connection reset: closed by the server as well
        }
    }
}
