package scalablechat.session.room;

import scalablechat.session.protocol.ChatMessage;
import scalablechat.session.protocol.CloseCodes;
import scalablechat.session.protocol.OriginalProtocol;
import scalablechat.session.protocol.OutboundFrame;
import scalablechat.session.protocol.V2Protocol;
import scalablechat.session.protocol.WireProtocol;
import scalablechat.session.store.NewMessage;
import scalablechat.session.store.RoomLockedException;
import scalablechat.session.store.RoomLog;
import scalablechat.session.store.RoomLogFullException;
import scalablechat.session.store.StoredMessage;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat room, as an actor: its members, history and presence are touched only by tasks in its
 * mailbox, one at a time, so joins, messages and leaves are totally ordered and need no locks.
 * Other threads post to it ({@link #open}, {@link #join}, {@link #send}, {@link #leave}, {@link #drain},
 * {@link #close}) and read only the counts, which are published through volatiles, and its futures.
 *
 * <p>Life: the first task opens the room's log (disk reads, on the mailbox's virtual thread, before any
 * join can run); a room whose log cannot be opened refuses its joins and leaves the registry. An open room
 * that has had no connection for ROOM_IDLE_SECONDS closes its log and leaves the registry; its history
 * stays on disk for the next room of that id.
 */
public final class Room {
    private static final System.Logger LOG = System.getLogger(Room.class.getName());
    /** Encoded once for the whole server: every connection sends its own view of the same bytes. */
    private static final OutboundFrame PING = OutboundFrame.text(V2Protocol.PING);

    private enum State { OPENING, OPEN, REFUSED, CLOSED }

    private final String roomId;
    private final RoomSettings config;
    private final MessageLogs logs;
    private final RoomRegistry registry;
    private final CompletableFuture<Void> previousClosed;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final RoomMetrics metrics;
    private final SerialExecutor mailbox;
    /** Virtual threads for work that must not hold up the mailbox: history pages read from disk. */
    private final Executor threads;
    private final SendAllowances allowances;
    /** Connections admitted to this room whose join has not reached the mailbox yet. */
    private final AtomicInteger expectedJoins = new AtomicInteger();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    // Owned by the mailbox.
    private State state = State.OPENING;
    /** Why joins are refused, once the log could not be opened. */
    private int refusalCode;
    private String refusalReason;
    /** Set once, when the log opened; volatile only so that a scrape can read its queue. */
    private volatile MessageLog log;
    private RoomHistory history;
    /**
     * Appends not yet completed that carry a cid, by cid key, with the other connections that resent the
     * same cid meanwhile: they get the same outcome instead of a second copy being stored.
     */
    private final Map<String, List<Member>> pendingCids = new HashMap<>();
    private int pendingAppends;
    /** Present users and their connections; a user within the presence grace has an empty list. */
    private final Map<String, List<Member>> members = new LinkedHashMap<>();
    /** Users whose last connection closed, by the number of that departure, until their grace ends. */
    private final Map<String, Long> departing = new HashMap<>();
    private long departures;
    private final Set<Member> v2Members = new LinkedHashSet<>();
    private final Set<Member> originalMembers = new LinkedHashSet<>();
    private boolean draining;
    /** Someone joined since the room opened: until then, an empty room frees its slot sooner. */
    private boolean everJoined;
    /** Bumped whenever the room stops or starts being empty, so a stale idle check does nothing. */
    private long idleEpoch;
    /** The last append failed: the next failure is not logged again, the next success is. */
    private boolean storageFailing;
    /** The log reached MAX_ROOM_LOG_BYTES (logged once; the log itself refuses what does not fit). */
    private boolean logFull;

    /** The periodic ping to v2 members while the room is open; null when HEARTBEAT_SECONDS is 0. */
    private ScheduledFuture<?> heartbeat;

    private volatile int userCount;
    private volatile int connectionCount;

    public Room(String roomId, RoomSettings config, MessageLogs logs, RoomRegistry registry,
         CompletableFuture<Void> previousClosed, Executor threads, ScheduledExecutorService timer,
         Clock clock, RoomMetrics metrics) {
        this.roomId = roomId;
        this.config = config;
        this.logs = logs;
        this.registry = registry;
        this.previousClosed = previousClosed;
        this.timer = timer;
        this.clock = clock;
        this.metrics = metrics;
        this.mailbox = new SerialExecutor(threads);
        this.threads = threads;
        this.allowances = new SendAllowances(config, System.nanoTime());
    }

    public String id() {
        return roomId;
    }

    public int users() {
        return userCount;
    }

    public int connections() {
        return connectionCount;
    }

    /** Events waiting in the mailbox (costs a walk of the queue: for scrapes). */
    public int mailboxTasks() {
        return mailbox.waiting();
    }

    /** Messages waiting for the room's log writer (for scrapes); 0 before the log is open. */
    public int waitingAppends() {
        MessageLog open = log;
        return open == null ? 0 : open.waitingAppends();
    }

    /**
     * Completes once the room's log is open and its history loaded; exceptionally with the reason when
     * the log could not be opened ({@link RoomLockedException} when another process hosts the room).
     */
    public CompletableFuture<Void> opened() {
        return opened;
    }

    /** The send limits here: each user's, shared by that user's connections, and the room's own. */
    public SendAllowances allowances() {
        return allowances;
    }

    /** Called by the registry, under its lock, for a connection that will {@link #join}. */
    void expectJoin() {
        expectedJoins.incrementAndGet();
    }

    int expectedJoins() {
        return expectedJoins.get();
    }

    /** Opens the log; posted by the registry as the room's first task, so every join waits for it. */
    void open() {
        mailbox.execute(this::onOpen);
    }

    public void join(Member member) {
        mailbox.execute(() -> onJoin(member));
    }

    /**
     * A message that already passed the text and rate checks; cid may be null. {@code receivedNanos}
     * ({@link System#nanoTime()}) is when its frame was decoded, where delivery latency starts.
     */
    public void send(Member member, String text, String cid, long receivedNanos) {
        // On the decoder thread when the room is idle: a message costs no wake-up to reach the room.
        mailbox.executeHere(() -> onSend(member, text, cid, receivedNanos));
    }

    /** A typing hint: to every other user's v2 connections, never stored. */
    public void typing(Member member) {
        mailbox.executeHere(() -> onTyping(member));
    }

    public void leave(Member member) {
        mailbox.execute(() -> onLeave(member));
    }

    /** The page of up to {@code limit} messages before id {@code before}, for a connection paging back through history. */
    public void history(Member member, long before, int limit) {
        mailbox.executeHere(() -> onHistory(member, before, limit));
    }

    /**
     * Stops accepting messages and closes every member with 1001. Posted like any other event, and it
     * waits for appends still in progress, so every message accepted before it is queued to every
     * member ahead of the close frame.
     */
    public void drain() {
        mailbox.execute(this::onDrain);
    }

    /**
     * Closes the room's log after the appends already made (they become durable), for when the server
     * stops; its ports are closed by then. The future completes once the log is released.
     */
    public CompletableFuture<Void> close() {
        mailbox.execute(this::closeLog);
        return closed;
    }

    private void onOpen() {
        // A room of this id that just closed for idleness must release the log's lock first.
        previousClosed.exceptionally(error -> null).join();
        MessageLog opening = null;
        try {
            opening = logs.open(roomId);
            history = new RoomHistory(config.historySize(), ChatMessage.ofAll(opening.recent()), opening.lastId());
        } catch (RoomLockedException e) {
            refuse(opening, e, CloseCodes.TRY_AGAIN_LATER, CloseCodes.HOSTED_ELSEWHERE);
            return;
        } catch (IOException | RuntimeException e) {
            refuse(opening, e, CloseCodes.INTERNAL_ERROR, CloseCodes.ROOM_UNAVAILABLE);
            return;
        }
        log = opening;
        state = State.OPEN;
        LOG.log(System.Logger.Level.INFO, "room {0} opened; its last message is {1}", roomId, String.valueOf(history.lastId()));
        opened.complete(null);
        startHeartbeat();
        if (members.isEmpty()) {
            startIdleClock(); // admitted by a backend: someone is expected, but may never come
        }
    }

    private void refuse(MessageLog opening, Exception cause, int code, String reason) {
        if (opening != null) {
            opening.close();
        }
        state = State.REFUSED;
        refusalCode = code;
        refusalReason = reason;
        registry.remove(this);
        metrics.roomOpenFailures.increment();
        LOG.log(System.Logger.Level.WARNING, "room " + roomId + " cannot be opened here: " + cause.getMessage());
        opened.completeExceptionally(cause);
        closed.complete(null);
    }

    private void onJoin(Member member) {
        expectedJoins.decrementAndGet();
        if (member.isClosing()) {
            return;
        }
        if (state == State.REFUSED) {
            member.close(refusalCode, refusalReason);
            return;
        }
        if (draining || state == State.CLOSED) {
            member.close(CloseCodes.GOING_AWAY, CloseCodes.DRAINING);
            return;
        }
        String userId = member.userId();
        List<Member> own = members.get(userId);
        // A user back within the presence grace (a reload, a reconnect) is still present: no join to announce.
        boolean firstConnection = own == null;
        if (firstConnection && members.size() >= config.usersPerRoom()) {
            metrics.roomFullRefusals.increment();
            member.close(CloseCodes.POLICY, CloseCodes.ROOM_FULL);
            return;
        }
        if (firstConnection) {
            own = new ArrayList<>(2);
            members.put(userId, own);
        }
        departing.remove(userId);
        own.add(member);
        membersOf(member.protocol()).add(member);
        everJoined = true;
        idleEpoch++;
        publishCounts();

        if (member.protocol() == WireProtocol.V2) {
            member.sendText(welcome(member));
        }
        if (firstConnection) {
            fanOut(V2Protocol.join(userId), member);
        } else if (member.protocol() == WireProtocol.ORIGINAL) {
            member.sendText(snapshot());
        }
    }

    private String welcome(Member member) {
        RoomHistory.Resume resume = member.since() == Member.NO_SINCE
                ? new RoomHistory.Resume(history.newest(OriginalProtocol.SNAPSHOT_MESSAGES), false)
                : history.since(member.since(), OriginalProtocol.SNAPSHOT_MESSAGES);
        return V2Protocol.welcome(roomId, member.userId(), members.keySet(), resume.messages(), resume.recovered(),
                config.heartbeatSeconds(), config.sendRatePerSecond(), config.sendRateBurst());
    }

    private void onSend(Member sender, String text, String cid, long receivedNanos) {
        if (state != State.OPEN || draining || sender.isClosing() || !isMember(sender)) {
            return;
        }
        String cidKey = cid == null ? null : RoomHistory.cidKey(sender.userId(), cid);
        if (cid != null) {
            ChatMessage earlier = history.findByCid(sender.userId(), cid);
            if (earlier != null) {
                // Already stored: a resend after a reconnect. Acknowledge it to the sender only.
                metrics.duplicatesAcknowledged.increment();
                sender.sendText(earlier.v2Json());
                return;
            }
            List<Member> resenders = pendingCids.get(cidKey);
            if (resenders != null) {
                // Still being stored: this sender gets the same outcome as the first.
                metrics.duplicatesAcknowledged.increment();
                resenders.add(sender);
                return;
            }
        }
        CompletableFuture<StoredMessage> append;
        try {
            append = log.append(new NewMessage(sender.userId(), text, clock.millis(), cid));
        } catch (IllegalArgumentException e) {
            // Text the log cannot store faithfully; InboundMessages refuses the known cases before this.
            metrics.inputRejected.increment();
            sendError(sender, V2Protocol.BAD_FRAME, "message cannot be stored: " + e.getMessage(), cid);
            return;
        }
        if (cid != null) {
            pendingCids.put(cidKey, new ArrayList<>(0));
        }
        pendingAppends++;
        if (append.isDone() && pendingAppends == 1) {
            // Written on this thread (FSYNC=never), and no earlier append waits in the mailbox to be shown first
            // (under FSYNC=always one can be done already, its completion queued behind this task): deliver now.
            boolean ok = append.state() == Future.State.SUCCESS;
            onStored(sender, cid, ok ? append.resultNow() : null, ok ? null : append.exceptionNow(), receivedNanos);
            return;
        }
        // The log completes appends in order, so the mailbox receives them in id order. The fan-out runs on
        // the log's writer thread when the room is idle: it saves a wake-up, and the writer has nothing else to do.
        append.whenComplete((message, failure) ->
                mailbox.executeHere(() -> onStored(sender, cid, message, failure, receivedNanos)));
    }

    /** An append completed: only now is the message shown to anyone. */
    private void onStored(Member sender, String cid, StoredMessage stored, Throwable failure, long receivedNanos) {
        pendingAppends--;
        List<Member> resenders = cid == null ? List.of() : pendingCids.remove(RoomHistory.cidKey(sender.userId(), cid));
        if (failure != null && isLogFull(failure)) {
            if (!logFull) {
                logFull = true;
                LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": its log reached MAX_ROOM_LOG_BYTES ("
                        + config.maxLogBytes() + "); new messages are refused");
            }
            refuseLogFull(sender, cid);
            for (Member resender : resenders) {
                refuseLogFull(resender, cid);
            }
        } else if (failure != null) {
            storageFailed(failure);
            // Not stored and no id taken: the sender may send it again, with the same cid.
            String message = "the message could not be stored; send it again";
            sendError(sender, V2Protocol.STORAGE_FAILED, message, cid);
            for (Member resender : resenders) {
                sendError(resender, V2Protocol.STORAGE_FAILED, message, cid);
            }
        } else {
            if (storageFailing) {
                storageFailing = false;
                LOG.log(System.Logger.Level.INFO, "room " + roomId + ": messages are stored again");
            }
            ChatMessage message = ChatMessage.of(stored);
            history.add(message);
            metrics.messagesStored.increment();
            deliver(message, receivedNanos);
        }
        if (draining && pendingAppends == 0) {
            closeEveryone();
        }
    }

    private static boolean isLogFull(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RoomLogFullException;
    }

    private void refuseLogFull(Member sender, String cid) {
        metrics.roomLogFullRefusals.increment();
        sendError(sender, V2Protocol.ROOM_LOG_FULL, "this room's history is full; no more messages can be sent here", cid);
    }

    private void storageFailed(Throwable failure) {
        metrics.storageFailures.increment();
        if (!storageFailing) {
            storageFailing = true;
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.log(System.Logger.Level.ERROR, "room " + roomId + ": a message could not be stored (" + cause
                    + "); its sender was told, and so are later senders until storing works again");
        }
    }

    /** An error frame to a v2 connection; the original protocol has none, so its senders get nothing. */
    private static void sendError(Member member, String code, String message, String cid) {
        if (member.protocol() == WireProtocol.V2) {
            member.sendText(V2Protocol.error(code, message, cid));
        }
    }

    private void onTyping(Member typist) {
        if (state != State.OPEN || draining || typist.isClosing() || !isMember(typist)) {
            return;
        }
        OutboundFrame frame = OutboundFrame.text(V2Protocol.typing(typist.userId()));
        for (Member member : v2Members) {
            if (!member.userId().equals(typist.userId())) {
                member.send(frame);
            }
        }
    }

    /** From memory when it holds the page; else read from the log on another thread, so the mailbox never waits for the disk. */
    private void onHistory(Member member, long before, int limit) {
        if (member.isClosing()) {
            return;
        }
        if (state != State.OPEN || !isMember(member)) {
            member.answerHistory(V2Protocol.historyError(V2Protocol.UNAVAILABLE, "this room is not open here"));
            return;
        }
        RoomHistory.Page page = history.before(before, limit);
        if (page != null) {
            metrics.historyPages.increment();
            member.answerHistory(V2Protocol.history(before, page.messages(), page.more()));
            return;
        }
        MessageLog open = log;
        try {
            threads.execute(() -> readHistory(open, member, before, limit));
        } catch (RejectedExecutionException e) {
            member.answerHistory(V2Protocol.historyError(V2Protocol.UNAVAILABLE, "the server is stopping"));
        }
    }

    private void readHistory(MessageLog open, Member member, long before, int limit) {
        RoomLog.Page page;
        try {
            page = open.before(before, limit);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "room " + roomId + ": older messages could not be read: " + e);
            member.answerHistory(V2Protocol.historyError(V2Protocol.STORAGE_FAILED,
                    "older messages could not be read; try again"));
            return;
        }
        metrics.historyPages.increment();
        metrics.historyPagesFromDisk.increment();
        member.answerHistory(V2Protocol.history(before, ChatMessage.ofAll(page.messages()), page.more()));
    }

    private void onLeave(Member member) {
        String userId = member.userId();
        List<Member> own = members.get(userId);
        if (own == null || !own.remove(member)) {
            return;
        }
        membersOf(member.protocol()).remove(member);
        if (own.isEmpty()) {
            startGrace(userId);
        }
        publishCounts();
    }

    /** The user's last connection closed: the leave is announced only if no connection of theirs comes back. */
    private void startGrace(String userId) {
        Duration grace = config.presenceGrace();
        if (grace.isZero()) {
            depart(userId);
            return;
        }
        long departure = ++departures;
        departing.put(userId, departure);
        try {
            timer.schedule(() -> mailbox.execute(() -> onGraceOver(userId, departure)),
                    grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping: nobody is left to tell.
        }
    }

    private void onGraceOver(String userId, long departure) {
        Long current = departing.get(userId);
        if (current != null && current == departure) {
            departing.remove(userId);
            depart(userId);
        }
    }

    private void depart(String userId) {
        members.remove(userId);
        allowances.forgetRested(members::containsKey, members.size(), System.nanoTime());
        fanOut(V2Protocol.leave(userId), null);
        publishCounts();
        if (members.isEmpty()) {
            startIdleClock();
        }
    }

    private void onDrain() {
        draining = true;
        if (pendingAppends == 0) {
            closeEveryone();
        }
    }

    private void closeEveryone() {
        for (List<Member> own : members.values()) {
            for (Member member : own) {
                member.close(CloseCodes.GOING_AWAY, CloseCodes.DRAINING);
            }
        }
    }

    /** A stored message to every member, the sender included (its acknowledgement), timed from its receipt. */
    private void deliver(ChatMessage message, long receivedNanos) {
        // The frame carries the send's receipt time; the transport times its writes from it (WriteObserver).
        // More of this room's messages on their way (a burst): leave the writes to the selector thread, which
        // gathers a connection's queued frames into one system call; else write each member's socket now.
        int delivered = fanOut(OutboundFrame.message(message.v2Json(), receivedNanos), null, pendingAppends == 0);
        metrics.deliveries.add(delivered);
        metrics.deliveryQueued.observeNanos(System.nanoTime() - receivedNanos);
    }

    private void fanOut(String v2Event, Member except) {
        fanOut(OutboundFrame.text(v2Event), except, true);
    }

    private void startHeartbeat() {
        int seconds = config.heartbeatSeconds();
        if (seconds == 0) {
            return;
        }
        try {
            heartbeat = timer.scheduleAtFixedRate(() -> mailbox.execute(this::onHeartbeat), seconds, seconds, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping.
        }
    }

    private void onHeartbeat() {
        if (state != State.OPEN) {
            return;
        }
        for (Member member : v2Members) {
            member.send(PING);
        }
    }

    private void startIdleClock() {
        long epoch = ++idleEpoch;
        try {
            timer.schedule(() -> mailbox.execute(() -> onIdle(epoch)),
                    idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The server is stopping; it closes every room itself.
        }
    }

    /** A room admitted for someone who never came holds its slot only ROOM_UNJOINED_SECONDS (issue 14). */
    private Duration idleTimeout() {
        return everJoined ? config.idleTimeout() : config.unjoinedTimeout();
    }

    private void onIdle(long epoch) {
        if (epoch != idleEpoch || state != State.OPEN || draining || !members.isEmpty()) {
            return;
        }
        if (pendingAppends > 0) {
            startIdleClock(); // its last sender left before the message was stored: wait for it
            return;
        }
        // Not retired when a connection is on its way here; its leave will start the clock again.
        if (registry.retire(this, closed)) {
            LOG.log(System.Logger.Level.INFO, "room {0} closed after {1} s without connections",
                    roomId, String.valueOf(idleTimeout().toSeconds()));
            if (!everJoined) {
                metrics.roomsUnjoinedClosed.increment();
            }
            closeLog();
        }
    }

    /** Completes the appends already made, then releases the log. Blocks this mailbox until then. */
    private void closeLog() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (state == State.OPEN) {
            state = State.CLOSED;
            log.close();
        }
        closed.complete(null);
    }

    /**
     * Sends one event (message, join or leave) to every member, encoded once per protocol: v2 members get the
     * event (all but {@code except}), original members a fresh snapshot of the room. Returns how many members it
     * was queued to. {@code writeNow}: write to idle sockets on this thread rather than wake the selector.
     */
    private int fanOut(OutboundFrame v2Event, Member except, boolean writeNow) {
        int queued = 0;
        for (Member member : v2Members) {
            if (member != except && member.send(v2Event, writeNow)) {
                queued++;
            }
        }
        if (!originalMembers.isEmpty()) {
            OutboundFrame snapshot = OutboundFrame.message(snapshot(), v2Event.receivedNanos());
            for (Member member : originalMembers) {
                if (member.send(snapshot, writeNow)) {
                    queued++;
                }
            }
        }
        return queued;
    }

    private String snapshot() {
        return OriginalProtocol.snapshot(history.newest(OriginalProtocol.SNAPSHOT_MESSAGES), members.keySet());
    }

    private boolean isMember(Member member) {
        return membersOf(member.protocol()).contains(member);
    }

    private Set<Member> membersOf(WireProtocol protocol) {
        return protocol == WireProtocol.V2 ? v2Members : originalMembers;
    }

    private void publishCounts() {
        userCount = members.size();
        connectionCount = v2Members.size() + originalMembers.size();
    }
}
