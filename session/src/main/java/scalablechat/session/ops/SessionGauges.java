package scalablechat.session.ops;

import scalablechat.common.metrics.MetricRegistry;
import scalablechat.common.metrics.ProcessMetrics;
import scalablechat.session.room.Room;
import scalablechat.session.room.RoomRegistry;
import scalablechat.session.transport.WebSocketTransport;

import java.util.function.ToLongFunction;

/**
 * The session server's values read at scrape time: rooms, users, connections, sockets, the depth
 * of its queues, and the process's own (CPU, memory, threads). Reading them walks the open rooms and sockets (bounded by ROOMS_PER_SERVER and the
 * connection limits) on the scraping thread, and costs the rooms and sockets nothing.
 */
public final class SessionGauges {
    private SessionGauges() {}

    public static void register(MetricRegistry metrics, RoomRegistry rooms, WebSocketTransport sockets, Drain drain) {
        metrics.gauge("session_rooms", "Rooms open on this server", rooms::size);
        metrics.gauge("session_max_rooms", "Rooms this server hosts at most (ROOMS_PER_SERVER)", rooms::maxRooms);
        metrics.gauge("session_users", "Distinct users connected, summed over rooms", () -> sumOverRooms(rooms, Room::users));
        metrics.gauge("session_connections", "WebSocket connections in rooms", () -> sumOverRooms(rooms, Room::connections));
        metrics.gauge("session_sockets", "Client sockets open, in a room or not", sockets::liveSockets);
        metrics.gauge("session_pending_handshakes", "Client sockets that have not finished the handshake",
                sockets::pendingHandshakes);
        metrics.gauge("session_draining", "1 while the server drains", () -> drain.isDraining() ? 1 : 0);
        metrics.gauge("session_mailbox_tasks", "Events waiting in rooms' mailboxes, all rooms together",
                () -> sumOverRooms(rooms, Room::mailboxTasks));
        metrics.gauge("session_mailbox_tasks_max", "Events waiting in the busiest room's mailbox",
                () -> maxOverRooms(rooms, Room::mailboxTasks));
        metrics.gauge("session_unsent_bytes", "Bytes queued to client sockets and not yet written, all connections together",
                () -> unsent(sockets, false));
        metrics.gauge("session_unsent_bytes_max", "Bytes queued to one client socket and not yet written, the most of any connection",
                () -> unsent(sockets, true));
        metrics.gauge("session_store_waiting_appends", "Messages waiting for their room log's writer, all rooms together",
                () -> sumOverRooms(rooms, Room::waitingAppends));
        metrics.gauge("session_store_waiting_appends_max", "Messages waiting for the busiest room log's writer",
                () -> maxOverRooms(rooms, Room::waitingAppends));
        ProcessMetrics.register(metrics);
    }

    private static long sumOverRooms(RoomRegistry rooms, ToLongFunction<Room> value) {
        long total = 0;
        for (Room room : rooms.all()) {
            total += value.applyAsLong(room);
        }
        return total;
    }

    private static long maxOverRooms(RoomRegistry rooms, ToLongFunction<Room> value) {
        long max = 0;
        for (Room room : rooms.all()) {
            max = Math.max(max, value.applyAsLong(room));
        }
        return max;
    }

    private static long unsent(WebSocketTransport sockets, boolean max) {
        long[] result = {0};
        sockets.forEachSocket(socket -> {
            long unsent = socket.unsentBytes();
            result[0] = max ? Math.max(result[0], unsent) : result[0] + unsent;
        });
        return result[0];
    }
}
