package scalablechat.backend;

import scalablechat.common.http.Endpoint;
import scalablechat.common.http.HttpJson;
import com.eclipsesource.json.Json;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;

/** {@code GET /healthz}: 200 while the process serves HTTP. It checks nothing else, on purpose: a dead session server must not take the backend out of a load balancer. */
final class HealthHandler implements Endpoint {
    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException {
        HttpJson.send(exchange, 200, Json.object().add("status", "ok"));
    }
}
