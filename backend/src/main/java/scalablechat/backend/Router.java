package scalablechat.backend;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import scalablechat.common.HttpJson;
import scalablechat.common.HttpJson.HttpError;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each request to the endpoint registered for its path and method, and turns every failure into
 * a JSON error: 404 for an unknown API path, 405 (with {@code Allow}) for a known path with the wrong
 * method, the endpoint's own {@link HttpError}s, and 500 for a bug, never a stack trace.
 * Paths outside {@code /api/} that match no route go to the fallback (the static files).
 */
final class Router implements HttpHandler {
    static final String API_PREFIX = "/api/";
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final List<Route> routes = new ArrayList<>();
    private final Route fallback = new Route(null);

    /** Adds {@code endpoint} for {@code method} on {@code template}, a path whose {@code {name}} segments match any one segment. */
    Router route(String method, String template, Endpoint endpoint) {
        Route route = routes.stream().filter(r -> r.template.equals(template)).findFirst().orElseGet(() -> {
            Route added = new Route(template);
            routes.add(added);
            return added;
        });
        route.endpoints.put(method, endpoint);
        return this;
    }

    Router fallback(String method, Endpoint endpoint) {
        fallback.endpoints.put(method, endpoint);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            dispatch(exchange);
        } catch (HttpError e) {
            sendError(exchange, e.status(), e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "client went away: {0}", e.toString());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "bug while answering " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath(), e);
            sendError(exchange, 500, "internal error");
        } finally {
            exchange.close();
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException, HttpError {
        String path = exchange.getRequestURI().getRawPath();
        for (Route route : routes) {
            List<String> params = route.match(path);
            if (params != null) {
                route.endpoint(exchange).handle(exchange, params);
                return;
            }
        }
        if (path.startsWith(API_PREFIX) || path.equals("/api")) {
            throw new HttpError(404, "no such API route: " + exchange.getRequestMethod() + " " + path);
        }
        fallback.endpoint(exchange).handle(exchange, List.of());
    }

    private static void sendError(HttpExchange exchange, int status, String message) {
        if (exchange.getResponseCode() != -1) {
            return; // headers are out; closing the exchange is all that is left
        }
        try {
            if (status == 413) {
                // The rest of an oversized body is not worth reading; don't reuse the connection.
                exchange.getResponseHeaders().set("Connection", "close");
            }
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                exchange.sendResponseHeaders(status, -1);
            } else {
                HttpJson.sendError(exchange, status, message);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not send error {0}: {1}", status, e.toString());
        }
    }

    private static final class Route {
        final String template;
        final String[] segments;
        final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

        Route(String template) {
            this.template = template;
            this.segments = template == null ? null : template.split("/", -1);
        }

        /** The path parameters when {@code path} matches, else null. */
        List<String> match(String path) {
            String[] parts = path.split("/", -1);
            if (parts.length != segments.length) {
                return null;
            }
            List<String> params = new ArrayList<>();
            for (int i = 0; i < parts.length; i++) {
                if (segments[i].startsWith("{")) {
                    if (parts[i].isEmpty()) {
                        return null;
                    }
                    params.add(parts[i]);
                } else if (!segments[i].equals(parts[i])) {
                    return null;
                }
            }
            return params;
        }

        Endpoint endpoint(HttpExchange exchange) throws HttpError {
            Endpoint endpoint = endpoints.get(exchange.getRequestMethod());
            if (endpoint == null) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", endpoints.keySet()));
                throw new HttpError(405, exchange.getRequestMethod() + " is not allowed here; use "
                        + String.join(" or ", endpoints.keySet()));
            }
            return endpoint;
        }
    }
}
