package scalablechat.backend;

import scalablechat.common.http.HttpServerLimits;
import scalablechat.common.Env;

import java.io.IOException;

/** {@code java -jar dist/backend.jar}: configuration from the environment (docs/CONFIG.md); exit 2 when it is bad. */
public final class BackendMain {
    private BackendMain() {}

    public static void main(String[] args) {
        BackendServer server;
        int port = -1;
        try {
            BackendConfig config = BackendConfig.from(Env.system());
            // Before the first HttpServer exists (the JDK reads the limits once): a response may take as long
            // as the chosen scheduler says its longest call takes.
            HttpServerLimits.apply(config.schedulerConfig().longestCall());
            port = config.port();
            server = BackendServer.start(config);
        } catch (Env.ConfigException e) {
            System.err.println("backend: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("backend: cannot listen on port " + port + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "backend-shutdown"));
        System.out.println("Backend listening on http://localhost:" + server.port());
    }
}
