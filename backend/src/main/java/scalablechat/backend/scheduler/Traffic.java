package scalablechat.backend.scheduler;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

/**
 * A session server's traffic counters as its last status reported them (totals since it started): messages
 * stored, deliveries, and the bucket counts of its delivery latency. Two of them, some seconds apart, give the
 * fleet page's rates and quantiles ({@code FleetHistory}). {@link #NONE} for a server that reports none.
 */
public record Traffic(long messagesStored, long deliveries, double[] latencyBounds, long[] latencyCounts) {
    public static final Traffic NONE = new Traffic(0, 0, new double[0], new long[1]);

    public boolean isKnown() {
        return this != NONE;
    }

    /** The {@code traffic} object of a status answer; NONE when it is missing or malformed (an older server). */
    static Traffic fromJson(JsonValue value) {
        if (value == null || !value.isObject()) {
            return NONE;
        }
        try {
            JsonObject traffic = value.asObject();
            JsonObject latency = traffic.get("deliveryLatency").asObject();
            double[] bounds = latency.get("le").asArray().values().stream().mapToDouble(JsonValue::asDouble).toArray();
            long[] counts = latency.get("counts").asArray().values().stream().mapToLong(JsonValue::asLong).toArray();
            if (counts.length != bounds.length + 1) {
                return NONE;
            }
            return new Traffic(traffic.get("messagesStored").asLong(), traffic.get("deliveries").asLong(), bounds, counts);
        } catch (RuntimeException e) {
            return NONE;
        }
    }
}
