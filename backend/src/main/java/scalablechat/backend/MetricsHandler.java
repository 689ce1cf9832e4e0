package scalablechat.backend;

import scalablechat.common.http.Endpoint;
import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.BearerSecret;
import scalablechat.common.http.HttpJson.HttpError;
import scalablechat.common.metrics.MetricRegistry;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /metrics}: the backend's metrics in the Prometheus text format. Open unless
 * {@code METRICS_TOKEN} is set; then only {@code Authorization: Bearer <that token>} may read them.
 */
final class MetricsHandler implements Endpoint {
    private final MetricRegistry registry;
    private final Optional<BearerSecret> token;

    MetricsHandler(MetricRegistry registry, Optional<String> token) {
        this.registry = registry;
        this.token = token.map(BearerSecret::of);
    }

    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError {
        if (token.isPresent()) {
            if (!token.get().admits(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new HttpError(401, "metrics need Authorization: Bearer <METRICS_TOKEN>");
            }
        }
        registry.send(exchange);
    }
}
