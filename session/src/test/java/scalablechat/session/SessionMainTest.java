package scalablechat.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.common.Tokens;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session server as a process: configuration errors, and SIGTERM draining it. */
class SessionMainTest {
    @TempDir
    Path dataDir;

    private static Process launch(Map<String, String> env) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SessionMain.class.getName());
        builder.environment().clear();
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        return builder.start();
    }

    @Test
    void badConfigurationExitsWith2AndSaysWhy() throws Exception {
        Process process = launch(Map.of("PORT", "0"));
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("JWT_SECRET must be set"), output);
    }

    @Test
    void sigtermDrainsClientsWith1001AndExits() throws Exception {
        Process process = launch(Map.of("PORT", "0", "JWT_SECRET", Harness.SECRET, "DATA_DIR", dataDir.toString()));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            Matcher port = null;
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = Pattern.compile("\\(port (\\d+)\\)").matcher(line);
                if (m.find()) {
                    port = m;
                    break;
                }
            }
            assertTrue(port != null, "the server never said where it listens");
            String host = "127.0.0.1:" + port.group(1);
            String token = new Tokens(Harness.SECRET).sessionToken("alice", "r1", host);
            URI uri = URI.create("ws://" + host + "/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            try (TestClient alice = TestClient.connect(uri, Harness.V2)) {
                alice.expect("welcome");
                process.toHandle().destroy(); // SIGTERM (Process.destroy would also close our end of its output)
                TestClient.Close close = alice.awaitClose();
                assertEquals(1001, close.code());
                assertEquals("server draining", close.reason());
            }
            List<String> rest = out.lines().toList(); // until the process closes its output
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process did not exit after draining");
            assertTrue(rest.stream().noneMatch(l -> l.contains("Exception")), String.join("\n", rest));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aDrainRequestEndsTheProcessWithStatus0() throws Exception {
        Process process = launch(Map.of("PORT", "0", "JWT_SECRET", Harness.SECRET, "DATA_DIR", dataDir.toString()));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String internalPort = null;
            for (String line; internalPort == null && (line = out.readLine()) != null; ) {
                Matcher m = Pattern.compile("internal http port (\\d+)").matcher(line);
                if (m.find()) {
                    internalPort = m.group(1);
                }
            }
            assertTrue(internalPort != null, "the server never said where its internal port is");
            HttpRequest drain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + internalPort + "/internal/drain"))
                    .header("Authorization", "Bearer " + new Tokens(Harness.SECRET).internalToken())
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(202, HttpClient.newHttpClient().send(drain, HttpResponse.BodyHandlers.ofString()).statusCode());
            out.lines().forEach(line -> { }); // until the process closes its output
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }
}
