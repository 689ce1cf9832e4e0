package scalablechat.backend;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The web client's files: content types, the single-page-app fallback, and no way out of the directory. */
class StaticFilesTest {
    static final String SECRET_TEXT = "TOP-SECRET-OUTSIDE-CLIENT-DIR";
    static final String INDEX = "<!doctype html><title>index</title>";

    @TempDir
    static Path base;
    static BackendServer backend;
    static TestHttp http;

    @BeforeAll
    static void start() throws Exception {
        Path client = Files.createDirectory(base.resolve("client"));
        Files.writeString(client.resolve("index.html"), INDEX);
        Files.writeString(client.resolve("app.js"), "export const x = 1;");
        Files.writeString(client.resolve("style.css"), "body{}");
        Files.writeString(client.resolve("icon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
        Files.write(client.resolve("logo.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        Files.write(client.resolve("favicon.ico"), new byte[]{0, 0, 1, 0});
        Files.writeString(client.resolve("manifest.webmanifest"), "{}");
        Files.writeString(client.resolve("data.json"), "{}");
        Files.writeString(client.resolve("empty.txt"), "");
        Files.writeString(client.resolve(".hidden"), SECRET_TEXT);
        Files.createDirectory(client.resolve("sub"));
        Files.writeString(client.resolve("sub/index.html"), "sub index");
        Files.writeString(client.resolve("sub/page.html"), "sub page");
        Files.writeString(base.resolve("secret.txt"), SECRET_TEXT);
        Files.createSymbolicLink(client.resolve("escape.txt"), base.resolve("secret.txt"));
        Files.createSymbolicLink(client.resolve("escapedir"), base);
        backend = TestServers.backend(TestServers.deadSessionServer(), client);
        http = new TestHttp(backend.port());
    }

    @AfterAll
    static void stop() {
        backend.close();
    }

    private static void assertServed(String path, String contentType, String body) throws Exception {
        var reply = http.get(path, null);
        assertEquals(200, reply.status(), path);
        assertEquals(contentType, reply.header("Content-Type"), path);
        assertEquals("nosniff", reply.header("X-Content-Type-Options"), path);
        assertEquals(StaticFileHandler.CONTENT_SECURITY_POLICY, reply.header("Content-Security-Policy"), path);
        assertEquals("DENY", reply.header("X-Frame-Options"), path);
        if (body != null) {
            assertEquals(body, reply.body(), path);
        }
    }

    @Test
    void filesHaveTheirContentTypes() throws Exception {
        assertServed("/", "text/html; charset=utf-8", INDEX);
        assertServed("/index.html", "text/html; charset=utf-8", INDEX);
        assertServed("/app.js", "text/javascript; charset=utf-8", "export const x = 1;");
        assertServed("/style.css", "text/css; charset=utf-8", "body{}");
        assertServed("/icon.svg", "image/svg+xml", null);
        assertServed("/logo.png", "image/png", null);
        assertServed("/favicon.ico", "image/x-icon", null);
        assertServed("/manifest.webmanifest", "application/manifest+json; charset=utf-8", "{}");
        assertServed("/data.json", "application/json; charset=utf-8", "{}");
        assertServed("/empty.txt", "text/plain; charset=utf-8", "");
        assertServed("/sub/", "text/html; charset=utf-8", "sub index");
        assertServed("/sub", "text/html; charset=utf-8", "sub index");
        assertServed("/sub/page.html", "text/html; charset=utf-8", "sub page");
        assertServed("/app.js?v=3", "text/javascript; charset=utf-8", "export const x = 1;");
    }

    @Test
    void headGivesTheLengthAndNoBody() throws Exception {
        var reply = http.method("HEAD", "/app.js", null);
        assertEquals(200, reply.status());
        assertEquals(Integer.toString("export const x = 1;".length()), reply.header("Content-Length"));
        assertEquals("", reply.body());
        assertEquals(404, http.method("HEAD", "/missing.js", null).status());
    }

    @Test
    void pathsWithoutAFileGetTheApp() throws Exception {
        assertServed("/room/abc", "text/html; charset=utf-8", INDEX);
        assertServed("/room/k7m2x9q4w3e8r5t6-ab3cd", "text/html; charset=utf-8", INDEX);
        assertServed("/login", "text/html; charset=utf-8", INDEX);
        assertServed("/sub/deeper/still", "text/html; charset=utf-8", INDEX);
    }

    @Test
    void missingAssetsAre404NotTheApp() throws Exception {
        for (String path : new String[]{"/missing.js", "/sub/missing.css", "/room/abc.png"}) {
            var reply = http.get(path, null);
            assertEquals(404, reply.status(), path);
            assertEquals("not found", reply.error(), path);
        }
    }

    @Test
    void apiPathsNeverFallBackToTheApp() throws Exception {
        var reply = http.get("/api/room/abc", null);
        assertEquals(404, reply.status());
        assertTrue(reply.header("Content-Type").startsWith("application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/.%2e/secret.txt",
            "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt",
            "/%252e%252e%252fsecret.txt", "/..%5csecret.txt", "/%5c..%5csecret.txt", "/..%255csecret.txt",
            "/%c0%ae%c0%ae/secret.txt", "/..;/secret.txt", "/index.html%00.js",
            "/%00", "/.hidden", "/sub/.%2e/.hidden", "/%2fsecret.txt", "/escape.txt",
            "/escapedir/secret.txt", "/sub/..%2f..%2fsecret.txt", "/./index.html"})
    void traversalIs404(String rawPath) throws Exception {
        String answer = http.raw("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 404 "), rawPath + " -> " + answer);
        assertTrue(answer.contains("{\"error\":\"not found\"}"), answer);
        assertFalse(answer.contains(SECRET_TEXT), answer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..\\secret.txt", "/\\..\\secret.txt", "/%uff0e%uff0e/secret.txt", "//secret.txt",
            "//127.0.0.1/../secret.txt"})
    void requestLinesTheJdkRefusesNeverReachAFile(String rawPath) throws Exception {
        String answer = http.raw("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        // The JDK answers these itself, before any handler: 400 for what is not a URI (a raw backslash),
        // 404 when "//x" parses as an authority with no path.
        assertTrue(answer.startsWith("HTTP/1.1 404 ") || answer.startsWith("HTTP/1.1 400 "), answer);
        assertFalse(answer.contains(SECRET_TEXT), answer);
    }

    @Test
    void theHeaderPolicyIsTheClientsMetaPolicyPlusNoFraming() throws Exception {
        String html = Files.readString(Path.of("..", "client", "index.html"));
        var meta = java.util.regex.Pattern.compile("http-equiv=\"Content-Security-Policy\"\\s+content=\"([^\"]+)\"")
                .matcher(html);
        assertTrue(meta.find(), "index.html has a CSP meta tag");
        assertEquals(meta.group(1) + "; frame-ancestors 'none'", StaticFileHandler.CONTENT_SECURITY_POLICY);
    }
}
