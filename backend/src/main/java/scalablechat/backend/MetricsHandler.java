package scalablechat.backend;

import com.sun.net.httpserver.HttpExchange;
import scalablechat.common.HttpJson;
import scalablechat.common.HttpJson.HttpError;
import scalablechat.common.metrics.MetricRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /metrics}: the backend's metrics in the Prometheus text format. Open unless
 * {@code METRICS_TOKEN} is set; then only {@code Authorization: Bearer <that token>} may read them.
 */
final class MetricsHandler implements Endpoint {
    private final MetricRegistry registry;
    private final Optional<byte[]> token;

    MetricsHandler(MetricRegistry registry, Optional<String> token) {
        this.registry = registry;
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(HttpExchange exchange, List<String> pathParams) throws IOException, HttpError {
        if (token.isPresent()) {
            String given = HttpJson.bearerToken(exchange);
            // Constant time, so the token can't be found a character at a time.
            if (given == null || !MessageDigest.isEqual(token.get(), given.getBytes(StandardCharsets.UTF_8))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                throw new HttpError(401, "metrics need Authorization: Bearer <METRICS_TOKEN>");
            }
        }
        registry.send(exchange);
    }
}
