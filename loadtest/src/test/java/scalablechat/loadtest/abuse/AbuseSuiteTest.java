package scalablechat.loadtest.abuse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.BackendConfig;
import scalablechat.backend.BackendServer;
import scalablechat.common.Env;
import scalablechat.session.SessionConfig;
import scalablechat.session.SessionServer;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code make abuse}'s short form, part of {@code make test}: every quick attack against a real backend and session
 * server with their default settings, started in this JVM. Each row must hold, and the victims must lose nothing.
 */
class AbuseSuiteTest {
    private static final String SECRET = "abuse-test-secret-0123456789-0123456789-abcdef";

    @TempDir
    Path dataDir;

    @Test
    void everyQuickAttackFailsAndTheVictimsLoseNothing() throws Exception {
        try (SessionServer session = SessionServer.start(SessionConfig.from(new Env(Map.of(
                "PORT", "0", "INTERNAL_PORT", "0", "JWT_SECRET", SECRET, "DATA_DIR", dataDir.toString()))));
             BackendServer backend = BackendServer.start(BackendConfig.from(new Env(Map.of(
                     "PORT", "0", "JWT_SECRET", SECRET,
                     "SESSION_SERVER_HOST", "localhost:" + session.port() + "@" + session.internalPort(),
                     "CLIENT_DIR", Path.of("..", "client").toAbsolutePath().toString()))))) {
            List<AbuseSuite.Row> rows = AbuseSuite.run(URI.create("http://127.0.0.1:" + backend.port()), true);
            String table = AbuseMain.table(rows);
            System.out.print(table);
            assertTrue(rows.size() > 10, table);
            assertTrue(rows.stream().allMatch(AbuseSuite.Row::pass), table);
        }
    }
}
