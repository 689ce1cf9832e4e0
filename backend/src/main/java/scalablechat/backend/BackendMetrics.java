package scalablechat.backend;

import scalablechat.common.http.Router;
import scalablechat.backend.scheduler.SchedulerDecision;
import scalablechat.common.metrics.Buckets;
import scalablechat.common.metrics.Counter;
import scalablechat.common.metrics.Family;
import scalablechat.common.metrics.Gauge;
import scalablechat.common.metrics.Histogram;
import scalablechat.common.metrics.MetricRegistry;

import java.util.Set;

/**
 * What the backend counts, shown at {@code GET /metrics} (docs/OPERATIONS.md lists every metric). Label values are
 * bounded by construction: routes are the registered patterns, methods and outcomes come from fixed sets.
 */
final class BackendMetrics implements Router.RequestObserver {
    /** The route label of a path under /api/ that matches no route. */
    static final String UNKNOWN_ROUTE = "unknown";
    /** The route label of everything the web client's static files answer. */
    static final String STATIC_ROUTE = "static";
    /** The code label of an exchange that ended before a status was sent (the client went away). */
    static final String NO_STATUS = "none";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    private static final String OTHER_METHOD = "other";

    private final MetricRegistry registry = new MetricRegistry();
    private final Family<Counter> requests = registry.counterFamily("backend_http_requests_total",
            "HTTP requests answered, by route pattern, method and status code", "route", "method", "code");
    private final Family<Histogram> requestSeconds = registry.histogramFamily("backend_http_request_duration_seconds",
            "Time to answer an HTTP request, from its handler's start to the end of the response, by route pattern",
            Buckets.seconds(), "route");
    private final Gauge inFlight = registry.gauge("backend_http_requests_in_flight", "HTTP requests being answered now");

    final Counter roomsCreated = registry.counter("backend_rooms_created_total", "Rooms created (POST /api/rooms answered 200)");
    final Family<Counter> lookups = registry.counterFamily("backend_room_lookups_total",
            "Room lookups (GET /api/rooms/{id}) by result: found, unknown (no such room), unavailable (503), error",
            "result");
    final Family<Counter> schedulerErrors = registry.counterFamily("backend_scheduler_errors_total",
            "Scheduler calls that failed, by call (create, find) and error (no_capacity, unavailable, internal)",
            "call", "error");
    private final Family<Counter> decisions = registry.counterFamily("backend_scheduler_decisions_total",
            "What the scheduler decided: rooms placed and moved, admissions refused, servers started, stopped and killed",
            "decision");
    final Family<Histogram> schedulerSeconds = registry.histogramFamily("backend_scheduler_call_duration_seconds",
            "Time the scheduler took to create or find a room, by call (create, find), failures included",
            Buckets.seconds(), "call");

    MetricRegistry registry() {
        return registry;
    }

    /** A scheduler's decision; called on the deciding thread. */
    void decided(SchedulerDecision decision) {
        decisions.labels(decision.label()).increment();
    }

    @Override
    public void started() {
        inFlight.increment();
    }

    @Override
    public void answered(String route, String method, int status, long nanos) {
        String methodLabel = METHODS.contains(method) ? method : OTHER_METHOD;
        requests.labels(route, methodLabel, status < 0 ? NO_STATUS : Integer.toString(status)).increment();
        requestSeconds.labels(route).observeNanos(nanos);
        // Last, so that a request no longer in flight is always already counted.
        inFlight.decrement();
    }
}
