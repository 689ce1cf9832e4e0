package scalablechat.session;

import scalablechat.common.metrics.Buckets;
import scalablechat.common.metrics.Counter;
import scalablechat.common.metrics.Family;
import scalablechat.common.metrics.Histogram;
import scalablechat.common.metrics.MetricRegistry;
import scalablechat.session.store.CommitListener;
import scalablechat.session.transport.WriteObserver;

/**
 * What the session server counts, shown at /metrics on the internal port (README lists every metric).
 * Recording is lock-free from any thread. Values read at scrape time (rooms, queue depths) are
 * registered by {@link SessionGauges} once the parts they read exist, followed by the process's own.
 */
final class SessionMetrics implements CommitListener, WriteObserver {
    private final MetricRegistry registry = new MetricRegistry();

    final Counter connectionsOpened = registry.counter("session_connections_opened_total",
            "WebSocket connections that joined a room");
    final Counter connectionsUnauthorized = registry.counter("session_connections_unauthorized_total",
            "Connections closed with 4401 (missing, invalid or foreign token)");
    final Counter messagesReceived = registry.counter("session_messages_received_total",
            "Data frames received from clients in rooms (text or binary), before any check");
    final Counter messagesStored = registry.counter("session_messages_stored_total", "Chat messages stored");
    final Counter storageFailures = registry.counter("session_storage_failures_total",
            "Chat messages the room log could not store (answered with storage_failed)");
    final Counter roomsUnjoinedClosed = registry.counter("session_rooms_unjoined_closed_total",
            "Rooms closed because nobody joined them within ROOM_UNJOINED_SECONDS of opening");
    final Counter roomLogFullRefusals = registry.counter("session_room_log_full_refusals_total",
            "Chat messages refused because the room's log reached MAX_ROOM_LOG_BYTES (room_log_full)");
    final Counter roomRateLimited = registry.counter("session_room_rate_limited_total",
            "Sends refused by a room's own cap, ROOM_SEND_RATE_PER_SECOND (rate_limited)");
    final Counter roomOpenFailures = registry.counter("session_room_open_failures_total",
            "Rooms refused because their log could not be opened (held by another server, unreadable)");
    final Counter duplicatesAcknowledged = registry.counter("session_duplicates_acknowledged_total",
            "Sends recognised by cid and not stored again");
    final Counter historyPages = registry.counter("session_history_pages_total",
            "Pages of older messages sent in answer to v2 history requests");
    final Counter historyPagesFromDisk = registry.counter("session_history_pages_from_disk_total",
            "History pages read from the room's log because memory (ROOM_HISTORY_SIZE) did not hold them");
    final Counter deliveries = registry.counter("session_deliveries_total",
            "Stored chat messages queued to members' sockets: one per member (the sender included) per message");
    final Histogram deliveryQueued = registry.histogram("session_delivery_queued_seconds",
            "From a send's receipt (its frame decoded) to its message queued to every member's socket, for every stored message",
            Buckets.seconds());
    final Histogram deliveryWritten = registry.histogram("session_delivery_written_seconds",
            "From a send's receipt to the last byte of its message written to a member's socket; sampled per socket, "
                    + "one message at a time and at most one per " + WriteObserver.INTERVAL.toMillis() + " ms",
            Buckets.seconds());
    final Counter deliverySamplesAbandoned = registry.counter("session_delivery_samples_abandoned_total",
            "Sampled copies left out of session_delivery_written_seconds: the socket closed before it was written");
    final Counter inputRejected = registry.counter("session_input_rejected_total",
            "Client frames refused (empty, too long, bad frame)");
    final Counter rateLimited = registry.counter("session_rate_limited_total", "Sends refused by the rate limit");
    final Counter floodDisconnects = registry.counter("session_flood_disconnects_total",
            "Connections closed for flooding (1008 rate limit exceeded)");
    final Counter roomFullRefusals = registry.counter("session_room_full_total",
            "Connections refused because the room was full");
    final Counter serverFullRefusals = registry.counter("session_server_full_total",
            "Connections refused because no room slot was free");
    /** Labels of {@link #internalRequests}: what a backend asked. */
    static final String STATUS_CALL = "status", ROOM_GET_CALL = "room_get", ROOM_PUT_CALL = "room_put",
            DRAIN_CALL = "drain", OTHER_CALL = "other";
    final Family<Counter> internalRequests = registry.counterFamily("session_internal_requests_total",
            "Authorized requests to the internal API, by call: status, room_get (a room lookup), room_put (an admission), drain, other",
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

    MetricRegistry registry() {
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
