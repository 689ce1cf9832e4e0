package scalablechat.backend;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.Traffic;
import scalablechat.common.metrics.Quantiles;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last {@link #WINDOW} of each session server's traffic, for the fleet page's charts: every sample
 * interval it reads the fleet the scheduler already keeps (the status each server last reported) and turns the
 * counters since the previous sample into a point: messages stored per second, the p50 and p99 of delivery
 * latency, connections and rooms. It asks the session servers nothing itself. Thread-safe.
 */
final class FleetHistory implements AutoCloseable {
    /** How far back the charts go. */
    static final Duration WINDOW = Duration.ofMinutes(10);

    /** One point of one server; the rate and quantiles are NaN when not known (the first sample, no traffic). */
    record Point(long atMillis, double messagesPerSecond, double p50Seconds, double p99Seconds, int connections, int rooms) {}

    private final Scheduler scheduler;
    private final Duration interval;
    private final int capacity;
    private final Map<String, Series> servers = new LinkedHashMap<>(); // guarded by this
    private final Thread sampler;

    /** One server's points and the counters of its previous sample. */
    private static final class Series {
        final ArrayDeque<Point> points = new ArrayDeque<>();
        Traffic lastTraffic;
        long lastAtMillis;
        long lastSeenMillis;
    }

    FleetHistory(Scheduler scheduler, Duration interval) {
        this.scheduler = scheduler;
        this.interval = interval;
        this.capacity = (int) Math.max(2, WINDOW.toMillis() / interval.toMillis());
        this.sampler = Thread.ofVirtual().name("fleet-history").start(this::run);
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                sample();
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.getLogger(FleetHistory.class.getName()).log(System.Logger.Level.WARNING,
                        "fleet history: a sample failed: " + e);
            }
        }
    }

    /** Takes one point per server of the scheduler's fleet; a server gone from it for a whole window is forgotten. */
    synchronized void sample() {
        long now = System.currentTimeMillis();
        for (ServerView server : scheduler.fleet()) {
            Series series = servers.computeIfAbsent(server.host(), host -> new Series());
            series.lastSeenMillis = now;
            boolean up = server.state() != ServerView.State.DEAD;
            Traffic traffic = server.traffic();
            double rate = Double.NaN;
            double p50 = Double.NaN;
            double p99 = Double.NaN;
            Traffic last = series.lastTraffic;
            if (up && traffic.isKnown() && last != null && last.isKnown() && now > series.lastAtMillis
                    && traffic.messagesStored() >= last.messagesStored()) { // a restarted server starts from 0
                rate = (traffic.messagesStored() - last.messagesStored()) * 1000.0 / (now - series.lastAtMillis);
                if (Arrays.equals(traffic.latencyBounds(), last.latencyBounds())) {
                    p50 = Quantiles.between(traffic.latencyBounds(), last.latencyCounts(), traffic.latencyCounts(), 0.5);
                    p99 = Quantiles.between(traffic.latencyBounds(), last.latencyCounts(), traffic.latencyCounts(), 0.99);
                }
            }
            series.lastTraffic = up ? traffic : null;
            series.lastAtMillis = now;
            add(series, new Point(now, rate, p50, p99, up ? server.connections() : 0, up ? server.rooms().size() : 0));
        }
        servers.values().removeIf(series -> now - series.lastSeenMillis > WINDOW.toMillis());
    }

    private void add(Series series, Point point) {
        if (series.points.size() == capacity) {
            series.points.removeFirst();
        }
        series.points.addLast(point);
    }

    /**
     * {@code {"intervalMs":5000,"windowMs":600000,"servers":[{"host":"...","points":[[t, msg/s, p50 ms, p99 ms,
     * connections, rooms], ...]}]}}, oldest point first; unknown values are null. Names no rooms.
     */
    synchronized JsonObject toJson() {
        JsonArray list = Json.array();
        for (Map.Entry<String, Series> entry : servers.entrySet()) {
            JsonArray points = Json.array();
            for (Point point : entry.getValue().points) {
                points.add(Json.array()
                        .add(point.atMillis())
                        .add(number(point.messagesPerSecond()))
                        .add(number(point.p50Seconds() * 1000))
                        .add(number(point.p99Seconds() * 1000))
                        .add(point.connections())
                        .add(point.rooms()));
            }
            list.add(Json.object().add("host", entry.getKey()).add("points", points));
        }
        return Json.object().add("intervalMs", interval.toMillis()).add("windowMs", WINDOW.toMillis())
                .add("columns", Json.array().add("at").add("messagesPerSecond").add("p50Ms").add("p99Ms")
                        .add("connections").add("rooms"))
                .add("servers", list);
    }

    /** Rounded to three decimals, to keep the answer small; null for NaN. */
    private static JsonValue number(double value) {
        return Double.isNaN(value) ? Json.NULL : Json.value(Math.round(value * 1000) / 1000.0);
    }

    @Override
    public void close() {
        sampler.interrupt();
    }
}
