package scalablechat.session;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A chat room, as an actor: its members, history and presence are touched only by tasks in its
 * mailbox, one at a time, so joins, messages and leaves are totally ordered and need no locks.
 * Other threads post to it ({@link #join}, {@link #send}, {@link #leave}, {@link #drain}) and read
 * only the counts, which are published through volatiles.
 */
final class Room {
    private final String roomId;
    private final SessionConfig config;
    private final Clock clock;
    private final SessionMetrics metrics;
    private final SerialExecutor mailbox;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    // Owned by the mailbox.
    private final RoomHistory history;
    private final Map<String, List<Connection>> members = new LinkedHashMap<>();
    private final Set<Connection> v2Members = new LinkedHashSet<>();
    private final Set<Connection> originalMembers = new LinkedHashSet<>();
    private boolean draining;

    private volatile int userCount;
    private volatile int connectionCount;

    Room(String roomId, SessionConfig config, Executor threads, Clock clock, SessionMetrics metrics) {
        this.roomId = roomId;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        this.mailbox = new SerialExecutor(threads);
        this.history = new RoomHistory(config.roomHistorySize());
    }

    String id() {
        return roomId;
    }

    int users() {
        return userCount;
    }

    int connections() {
        return connectionCount;
    }

    /** The send allowance of {@code userId} here, shared by all of that user's connections. */
    RateLimiter limiterFor(String userId) {
        return limiters.computeIfAbsent(userId, id -> new RateLimiter(config.sendRatePerSecond(),
                config.sendRateBurst(), config.floodStrikes(), System.nanoTime()));
    }

    void join(Connection connection) {
        mailbox.execute(() -> onJoin(connection));
    }

    /** A message that already passed the text and rate checks; cid may be null. */
    void send(Connection connection, String text, String cid) {
        mailbox.execute(() -> onSend(connection, text, cid));
    }

    void leave(Connection connection) {
        mailbox.execute(() -> onLeave(connection));
    }

    /**
     * Stops accepting messages and closes every member with 1001. Posted like any other event, so
     * every message accepted before it has already been queued to every member, ahead of the close frame.
     */
    void drain() {
        mailbox.execute(this::onDrain);
    }

    private void onJoin(Connection connection) {
        if (connection.isClosing()) {
            return;
        }
        if (draining) {
            connection.close(CloseCodes.GOING_AWAY, CloseCodes.DRAINING);
            return;
        }
        String userId = connection.userId();
        List<Connection> own = members.get(userId);
        boolean firstConnection = own == null;
        if (firstConnection && members.size() >= config.usersPerRoom()) {
            metrics.roomFullRefusals.increment();
            connection.close(CloseCodes.POLICY, CloseCodes.ROOM_FULL);
            return;
        }
        if (firstConnection) {
            own = new ArrayList<>(2);
            members.put(userId, own);
        }
        own.add(connection);
        membersOf(connection.protocol()).add(connection);
        publishCounts();

        if (connection.protocol() == WireProtocol.V2) {
            connection.sendText(welcome(connection));
        }
        if (firstConnection) {
            fanOut(V2Protocol.join(userId), connection);
        } else if (connection.protocol() == WireProtocol.ORIGINAL) {
            connection.sendText(snapshot());
        }
    }

    private String welcome(Connection connection) {
        RoomHistory.Resume resume = connection.since() == Connection.NO_SINCE
                ? new RoomHistory.Resume(history.newest(SessionConfig.SNAPSHOT_MESSAGES), false)
                : history.since(connection.since(), SessionConfig.SNAPSHOT_MESSAGES);
        return V2Protocol.welcome(roomId, connection.userId(), members.keySet(), resume.messages(), resume.recovered());
    }

    private void onSend(Connection sender, String text, String cid) {
        if (draining || sender.isClosing() || !isMember(sender)) {
            return;
        }
        if (cid != null) {
            ChatMessage earlier = history.findByCid(sender.userId(), cid);
            if (earlier != null) {
                // Already stored: a resend after a reconnect. Acknowledge it to the sender only.
                metrics.duplicatesAcknowledged.increment();
                sender.sendText(earlier.v2Json());
                return;
            }
        }
        ChatMessage message = history.append(sender.userId(), text, cid, clock.instant());
        metrics.messagesStored.increment();
        fanOut(message.v2Json(), null);
    }

    private void onLeave(Connection connection) {
        String userId = connection.userId();
        List<Connection> own = members.get(userId);
        if (own == null || !own.remove(connection)) {
            return;
        }
        membersOf(connection.protocol()).remove(connection);
        if (own.isEmpty()) {
            members.remove(userId);
            limiters.remove(userId);
            fanOut(V2Protocol.leave(userId), null);
        }
        publishCounts();
    }

    private void onDrain() {
        draining = true;
        for (List<Connection> own : members.values()) {
            for (Connection connection : own) {
                connection.close(CloseCodes.GOING_AWAY, CloseCodes.DRAINING);
            }
        }
    }

    /**
     * Sends one event (message, join or leave) to every member, encoded once per protocol: v2 members
     * get the event (all but {@code except}), original members a fresh snapshot of the room.
     */
    private void fanOut(String v2Event, Connection except) {
        if (!v2Members.isEmpty()) {
            OutboundFrame frame = OutboundFrame.text(v2Event);
            for (Connection member : v2Members) {
                if (member != except) {
                    member.send(frame);
                }
            }
        }
        if (!originalMembers.isEmpty()) {
            OutboundFrame frame = OutboundFrame.text(snapshot());
            for (Connection member : originalMembers) {
                member.send(frame);
            }
        }
    }

    private String snapshot() {
        return OriginalProtocol.snapshot(history.newest(SessionConfig.SNAPSHOT_MESSAGES), members.keySet());
    }

    private boolean isMember(Connection connection) {
        return membersOf(connection.protocol()).contains(connection);
    }

    private Set<Connection> membersOf(WireProtocol protocol) {
        return protocol == WireProtocol.V2 ? v2Members : originalMembers;
    }

    private void publishCounts() {
        userCount = members.size();
        connectionCount = v2Members.size() + originalMembers.size();
    }
}
