package scalablechat.common.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import scalablechat.common.http.HttpJson.HttpError;

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
 * Paths outside {@code /api/} that match no route go to the fallback (the backend's static files), if there is one.
 * Both servers route with it: the backend's API and a session server's internal port.
 * Every answered request is reported to a {@link RequestObserver} under its route's pattern, never its
 * raw path, so that metrics have one series per route rather than one per room id or file.
 */
public final class Router implements HttpHandler {
    static final String API_PREFIX = "/api/";
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    /** Told of every request: when its handling starts, and how it was answered. */
    public interface RequestObserver {
        /** Observes nothing. */
        RequestObserver NONE = new RequestObserver() {
            @Override
            public void started() { }

            @Override
            public void answered(String route, String method, int status, long nanos) { }
        };

        void started();

        /** {@code route} is the pattern it matched; {@code status} is -1 when no status was sent. */
        void answered(String route, String method, int status, long nanos);
    }

    private final List<Route> routes = new ArrayList<>();
    private final Route fallback = new Route(null);
    private final RequestObserver observer;
    private final String fallbackLabel;
    private final String unknownLabel;

    /**
     * {@code fallbackLabel} stands for the fallback's paths; {@code unknownLabel} for unknown API paths and
     * request targets that are not paths.
     */
    public Router(RequestObserver observer, String fallbackLabel, String unknownLabel) {
        this.observer = observer;
        this.fallbackLabel = fallbackLabel;
        this.unknownLabel = unknownLabel;
    }

    /** Adds {@code endpoint} for {@code method} on {@code template}, a path whose {@code {name}} segments match any one segment. */
    public Router route(String method, String template, Endpoint endpoint) {
        Route route = routes.stream().filter(r -> r.template.equals(template)).findFirst().orElseGet(() -> {
            Route added = new Route(template);
            routes.add(added);
            return added;
        });
        route.endpoints.put(method, endpoint);
        return this;
    }

    public Router fallback(String method, Endpoint endpoint) {
        fallback.endpoints.put(method, endpoint);
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        observer.started();
        Match match = null;
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (path == null) {
                // An opaque target (the JDK's server turns away the ones known to it before this).
                throw new HttpError(400, "the request target must be a path");
            }
            match = match(path);
            dispatch(exchange, path, match);
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
            String label = match == null ? unknownLabel : match.route() == fallback ? fallbackLabel : match.route().template;
            observer.answered(label, exchange.getRequestMethod(), exchange.getResponseCode(), System.nanoTime() - started);
        }
    }

    /** A route and its path parameters. */
    private record Match(Route route, List<String> params) {}

    /** The route for {@code path}; the fallback (if any) outside /api/; null for an unknown path. */
    private Match match(String path) {
        for (Route route : routes) {
            List<String> params = route.match(path);
            if (params != null) {
                return new Match(route, params);
            }
        }
        if (fallback.endpoints.isEmpty() || path.startsWith(API_PREFIX) || path.equals("/api")) {
            return null;
        }
        return new Match(fallback, List.of());
    }

    private static void dispatch(HttpExchange exchange, String path, Match match) throws IOException, HttpError {
        if (match == null) {
            throw new HttpError(404, "no such route: " + exchange.getRequestMethod() + " " + path);
        }
        match.route().endpoint(exchange).handle(exchange, match.params());
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
