package scalablechat.backend;

import scalablechat.common.http.Endpoint;
import scalablechat.common.http.HttpJson;
import com.eclipsesource.json.Json;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.backend.scheduler.Readiness;
import scalablechat.backend.scheduler.Scheduler;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /readyz}: 200 while the scheduler can create and find rooms, 503 with the reason otherwise
 * (for example, no session server is up). Unlike /healthz, it says whether the API can do its job.
 */
final class ReadinessHandler implements Endpoint {
    private final Scheduler scheduler;

    ReadinessHandler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException {
        Readiness readiness = scheduler.readiness();
        if (readiness.ready()) {
            HttpJson.send(exchange, 200, Json.object().add("ready", true));
        } else {
            HttpJson.send(exchange, 503, Json.object().add("ready", false).add("reason", readiness.reason()));
        }
    }
}
