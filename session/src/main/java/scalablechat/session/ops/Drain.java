package scalablechat.session.ops;

import scalablechat.session.room.Room;
import scalablechat.session.room.RoomRegistry;
import scalablechat.session.transport.WebSocketTransport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The graceful drain (SIGTERM, or POST /internal/drain): stop taking rooms and connections, report
 * not ready, close every client with 1001 "server draining" after everything it was owed, then stop
 * once the last socket is fully closed (peers have read their close frame) or the timeout passed,
 * whichever is first.
 */
public final class Drain {
    private static final long POLL_MILLIS = 20;

    private final RoomRegistry registry;
    private final WebSocketTransport sockets;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Runnable stop;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile long deadlineNanos;

    public Drain(RoomRegistry registry, WebSocketTransport sockets, Duration timeout, ScheduledExecutorService timer, Runnable stop) {
        this.registry = registry;
        this.sockets = sockets;
        this.timeout = timeout;
        this.timer = timer;
        this.stop = stop;
    }

    public boolean isDraining() {
        return started.get();
    }

    /** Starts the drain once; every call returns the same future, done when the server has stopped. */
    public CompletableFuture<Void> start() {
        if (started.compareAndSet(false, true)) {
            deadlineNanos = System.nanoTime() + timeout.toNanos();
            // Each room closes its members from its own mailbox, after the messages queued before it.
            for (Room room : registry.startDraining()) {
                room.drain();
            }
            poll();
        }
        return done;
    }

    private void poll() {
        if (sockets.unfinishedSockets() == 0 || System.nanoTime() - deadlineNanos >= 0) {
            finish();
            return;
        }
        try {
            timer.schedule(this::poll, POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(); // stopped by someone else meanwhile
        }
    }

    /** Stopping joins Java-WebSocket's selector thread, so it runs on a thread of its own. */
    private void finish() {
        Thread.ofPlatform().name("session-drain-stop").daemon(false).start(() -> {
            try {
                stop.run();
            } finally {
                done.complete(null);
            }
        });
    }
}
