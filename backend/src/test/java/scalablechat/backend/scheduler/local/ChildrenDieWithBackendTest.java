package scalablechat.backend.scheduler.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.TestBackends;
import scalablechat.backend.TestHttp;
import scalablechat.backend.chaos.BackendProcess;
import scalablechat.backend.chaos.Processes;
import scalablechat.backend.chaos.SessionJar;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The session servers a backend starts die with it, even when the backend is killed with SIGKILL and
 * can't stop them itself. The backend runs here as a real process, so it can be killed like that.
 */
class ChildrenDieWithBackendTest {
    @TempDir
    Path dataDir;

    @Test
    void sessionServersExitWhenTheirBackendIsKilled() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> env = Map.of(
                "PORT", Integer.toString(port),
                "JWT_SECRET", TestBackends.secret(),
                "SESSION_JAR", SessionJar.locate().toString(),
                "SESSION_HOSTNAME", "127.0.0.1",
                "DATA_DIR", dataDir.toString(),
                "CLIENT_DIR", dataDir.toString(),
                "MIN_SERVERS", "2",
                "ADMIN_TOKEN", LocalSchedulerTest.ADMIN);
        List<Long> children;
        try (BackendProcess backend = BackendProcess.start(env, dataDir.resolve("backend.log"))) {
            TestHttp http = new TestHttp(port);
            LocalSchedulerTest.awaitFleet(http, fleet -> LocalSchedulerTest.servers(fleet, "ready").size() == 2);
            children = backend.handle().children().map(ProcessHandle::pid).toList();
            assertEquals(2, children.size(), "the backend runs its two session servers");
            children.forEach(pid -> assertTrue(Processes.running(pid)));

            backend.kill();

            for (long pid : children) {
                assertTrue(Processes.awaitGone(pid, Duration.ofSeconds(20)),
                        "session server " + pid + " outlived its backend");
            }
        }
    }
}
