package scalablechat.backend;

import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.common.metrics.MetricRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scheduler's fleet as gauges: session servers by state, and their rooms and users. One scrape reads
 * several of them, so the fleet is asked once and the answer reused for {@link #MAX_AGE}; asking may take
 * a network round trip (a scheduler that probes its servers).
 */
final class FleetGauges {
    /** How long one fleet reading serves the gauges: a scrape reads them all within it. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final Scheduler scheduler;
    private List<ServerView> fleet = List.of();
    private long readAtNanos;
    private boolean read;

    private FleetGauges(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    static void register(MetricRegistry registry, Scheduler scheduler) {
        FleetGauges gauges = new FleetGauges(scheduler);
        registry.gaugeFamily("backend_session_servers",
                "Session servers the scheduler knows, by state (starting, ready, draining, dead)",
                List.of("state"), gauges::byState);
        registry.gauge("backend_fleet_rooms", "Rooms open on the session servers the scheduler knows",
                () -> gauges.fleet().stream().mapToInt(server -> server.rooms().size()).sum());
        registry.gauge("backend_fleet_max_rooms", "Rooms the ready session servers can host at most, together",
                () -> gauges.fleet().stream().filter(server -> server.state() == ServerView.State.READY)
                        .mapToInt(ServerView::maxRooms).sum());
        registry.gauge("backend_fleet_users", "Users connected to the session servers the scheduler knows",
                () -> gauges.fleet().stream().mapToInt(ServerView::users).sum());
    }

    private Map<List<String>, Integer> byState() {
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        for (ServerView.State state : ServerView.State.values()) {
            counts.put(List.of(state.name().toLowerCase(Locale.ROOT)), 0);
        }
        for (ServerView server : fleet()) {
            counts.merge(List.of(server.state().name().toLowerCase(Locale.ROOT)), 1, Integer::sum);
        }
        return counts;
    }

    private synchronized List<ServerView> fleet() {
        long now = System.nanoTime();
        if (!read || now - readAtNanos > MAX_AGE.toNanos()) {
            fleet = scheduler.fleet();
            readAtNanos = now;
            read = true;
        }
        return fleet;
    }
}
