package scalablechat.session.room;

import scalablechat.common.metrics.Buckets;
import scalablechat.common.metrics.Counter;
import scalablechat.common.metrics.Histogram;
import scalablechat.common.metrics.MetricRegistry;

/** What rooms count, in the session server's registry (part of /metrics on the internal port). Lock-free from any thread. */
public final class RoomMetrics {
    public final Counter messagesStored;
    public final Counter storageFailures;
    public final Counter roomsUnjoinedClosed;
    public final Counter roomLogFullRefusals;
    public final Counter roomOpenFailures;
    public final Counter duplicatesAcknowledged;
    public final Counter historyPages;
    public final Counter historyPagesFromDisk;
    public final Counter deliveries;
    public final Histogram deliveryQueued;
    public final Counter inputRejected;
    public final Counter roomFullRefusals;

    public RoomMetrics(MetricRegistry registry) {
        messagesStored = registry.counter("session_messages_stored_total", "Chat messages stored");
        storageFailures = registry.counter("session_storage_failures_total",
                "Chat messages the room log could not store (answered with storage_failed)");
        roomsUnjoinedClosed = registry.counter("session_rooms_unjoined_closed_total",
                "Rooms closed because nobody joined them within ROOM_UNJOINED_SECONDS of opening");
        roomLogFullRefusals = registry.counter("session_room_log_full_refusals_total",
                "Chat messages refused because the room's log reached MAX_ROOM_LOG_BYTES (room_log_full)");
        roomOpenFailures = registry.counter("session_room_open_failures_total",
                "Rooms refused because their log could not be opened (held by another server, unreadable)");
        duplicatesAcknowledged = registry.counter("session_duplicates_acknowledged_total",
                "Sends recognised by cid and not stored again");
        historyPages = registry.counter("session_history_pages_total",
                "Pages of older messages sent in answer to v2 history requests");
        historyPagesFromDisk = registry.counter("session_history_pages_from_disk_total",
                "History pages read from the room's log because memory (ROOM_HISTORY_SIZE) did not hold them");
        deliveries = registry.counter("session_deliveries_total",
                "Stored chat messages queued to members' sockets: one per member (the sender included) per message");
        deliveryQueued = registry.histogram("session_delivery_queued_seconds",
                "From a send's receipt (its frame decoded) to its message queued to every member's socket, for every stored message",
                Buckets.seconds());
        inputRejected = registry.counter("session_input_rejected_total",
                "Client frames refused (empty, too long, bad frame)");
        roomFullRefusals = registry.counter("session_room_full_total",
                "Connections refused because the room was full");
    }
}
