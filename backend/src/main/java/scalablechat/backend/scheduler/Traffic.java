package scalablechat.backend.scheduler;

import scalablechat.common.contract.InternalApi;

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

    /** The traffic of a status answer; NONE when it had none (an older server). */
    static Traffic of(InternalApi.Traffic traffic) {
        return traffic == null ? NONE
                : new Traffic(traffic.messagesStored(), traffic.deliveries(), traffic.le(), traffic.counts());
    }
}
