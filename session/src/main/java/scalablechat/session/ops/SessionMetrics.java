package scalablechat.session.ops;

import scalablechat.common.metrics.Buckets;
import scalablechat.common.metrics.Counter;
import scalablechat.common.metrics.Family;
import scalablechat.common.metrics.Histogram;
import scalablechat.common.metrics.MetricRegistry;
import scalablechat.session.room.RoomMetrics;
import scalablechat.session.store.CommitListener;
import scalablechat.session.transport.WriteObserver;

/**
 * What the session server counts, shown at /metrics on the internal port (docs/OPERATIONS.md lists every metric).
 * Recording is lock-free from any thread. Values read at scrape time (rooms, queue depths) are
 * registered by {@link SessionGauges} once the parts they read exist, followed by the process's own.
 */
public final class SessionMetrics implements CommitListener, WriteObserver {
    private final MetricRegistry registry = new MetricRegistry();

    public final Counter connectionsOpened = registry.counter("session_connections_opened_total",
            "WebSocket connections that joined a room");
    public final Counter connectionsUnauthorized = registry.counter("session_connections_unauthorized_total",
            "Connections closed with 4401 (missing, invalid or foreign token)");
    public final Counter messagesReceived = registry.counter("session_messages_received_total",
            "Data frames received from clients in rooms (text or binary), before any check");
    /** What rooms count. */
    public final RoomMetrics room = new RoomMetrics(registry);
    public final Counter roomRateLimited = registry.counter("session_room_rate_limited_total",
            "Sends refused by a room's own cap, ROOM_SEND_RATE_PER_SECOND (rate_limited)");
    final Histogram deliveryWritten = registry.histogram("session_delivery_written_seconds",
            "From a send's receipt to the last byte of its message written to a member's socket; sampled per socket, "
                    + "one message at a time and at most one per " + WriteObserver.INTERVAL.toMillis() + " ms",
            Buckets.seconds());
    final Counter deliverySamplesAbandoned = registry.counter("session_delivery_samples_abandoned_total",
            "Sampled copies left out of session_delivery_written_seconds: the socket closed before it was written");
    public final Counter rateLimited = registry.counter("session_rate_limited_total", "Sends refused by the rate limit");
    public final Counter floodDisconnects = registry.counter("session_flood_disconnects_total",
            "Connections closed for flooding (1008 rate limit exceeded)");
    public final Counter serverFullRefusals = registry.counter("session_server_full_total",
            "Connections refused because no room slot was free");
    /** Labels of {@link #internalRequests}: what a backend asked. */
    static final String STATUS_CALL = "status", ROOM_GET_CALL = "room_get", ROOM_PUT_CALL = "room_put",
            DRAIN_CALL = "drain";
    final Family<Counter> internalRequests = registry.counterFamily("session_internal_requests_total",
            "Authorized requests to the internal API, by call: status, room_get (a room lookup), room_put (an admission), drain",
            "call");

    final Histogram storeSync = registry.histogram("session_store_sync_seconds",
            "Time of one fsync of a room log (FSYNC=always), one per batch of messages written together",
            Buckets.seconds());
    final Histogram storeCommit = registry.histogram("session_store_commit_seconds",
            "Time a room log's writer took for one batch: write, fsync and bookkeeping, before the messages are acknowledged",
            Buckets.seconds());
    final Histogram storeBatch = registry.histogram("session_store_batch_messages",
            "Messages a room log wrote (and synced) together in one batch (group commit)", Buckets.batchSizes());
    final Counter storeWrittenBytes = registry.counter("session_store_written_bytes_total",
            "Bytes of message records written to room logs");
    final Counter storeFailedBatches = registry.counter("session_store_failed_batches_total",
            "Batches a room log could not write or sync (their messages were refused)");

    public MetricRegistry registry() {
        return registry;
    }

    @Override
    public void committed(int messages, int bytes, long syncNanos, long commitNanos) {
        if (syncNanos >= 0) {
            storeSync.observeNanos(syncNanos);
        }
        storeCommit.observeNanos(commitNanos);
        storeBatch.observe(messages);
        storeWrittenBytes.add(bytes);
    }

    @Override
    public void failed(int messages) {
        storeFailedBatches.increment();
    }

    /** The transport's delivery timing: one member's copy of a message is written. */
    @Override
    public void written(long receivedNanos) {
        deliveryWritten.observeNanos(System.nanoTime() - receivedNanos);
    }

    @Override
    public void abandoned() {
        deliverySamplesAbandoned.increment();
    }
}
