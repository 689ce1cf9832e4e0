package scalablechat.session;

import org.junit.jupiter.api.Test;
import scalablechat.common.contract.SessionPorts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session server started with PARENT_PID exits when that parent dies, even by SIGKILL: the parent here
 * is a shell that starts the server in the background, and the test kills the shell.
 */
class ParentWatchTest {

    @Test
    void serverExitsWhenItsParentIsKilled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String script = "PARENT_PID=$$ \"$JAVA\" -cp \"$CP\" scalablechat.session.SessionMain </dev/null >/dev/null 2>&1 &"
                + " echo $!; wait";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
        builder.environment().put("JAVA", java);
        builder.environment().put("CP", System.getProperty("java.class.path"));
        int port = freePortPair();
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("JWT_SECRET", Harness.SECRET);
        Process shell = builder.start();
        long serverPid = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
            serverPid = Long.parseLong(out.readLine().trim());
            assertTrue(awaitHealthy(port + SessionPorts.INTERNAL_PORT_OFFSET), "the session server did not start");
            shell.destroyForcibly(); // SIGKILL: the shell can't pass anything on to its child
            assertTrue(shell.waitFor(10, TimeUnit.SECONDS));
            assertTrue(awaitGone(serverPid), "the session server outlived its parent");
        } finally {
            shell.destroyForcibly();
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aParentPidThatIsNotTheParentIsAConfigurationError() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SessionMain.class.getName()).redirectErrorStream(true);
        builder.environment().put("PORT", "0");
        builder.environment().put("JWT_SECRET", Harness.SECRET);
        builder.environment().put("PARENT_PID", "1");
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server started although PARENT_PID is wrong");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, process.exitValue(), output);
            assertTrue(output.contains("PARENT_PID"), output);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Running and not a zombie, judged by /proc (a killed process may wait a while to be reaped). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean awaitHealthy(int internalPort) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + internalPort + "/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** A free port whose internal port (+1000) is free too. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                if (port + SessionPorts.INTERNAL_PORT_OFFSET > 65535) {
                    continue;
                }
                try (ServerSocket second = new ServerSocket(port + SessionPorts.INTERNAL_PORT_OFFSET)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }

    private static boolean awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (running(pid) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return !running(pid);
    }
}
