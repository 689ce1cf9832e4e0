package scalablechat.session.room;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A mailbox: runs its tasks one at a time, in the order they were posted, on threads borrowed from
 * {@code threads} (virtual threads here), or on the poster's own thread when it is idle ({@link #executeHere}).
 * No thread is held while the mailbox is empty.
 * Everything a room owns is touched only from its mailbox, so the room needs no locks.
 */
public final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Executor threads;

    SerialExecutor(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    /**
     * Runs {@code task} on the calling thread when the mailbox is idle, which saves waking another thread;
     * otherwise queues it as {@link #execute} does. Only for short tasks that never block: the caller (a
     * decoder or log writer thread) serves other connections and rooms too.
     */
    void executeHere(Runnable task) {
        if (!tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
            execute(task);
            return;
        }
        if (!tasks.isEmpty()) {
            // Posted just before this thread took the mailbox: it runs first, and so ours goes behind it.
            tasks.add(task);
            handOff();
            return;
        }
        run(task);
        release();
    }

    /** Tasks posted and not yet started; counts the queue, so call it rarely (at a scrape). */
    int waiting() {
        return tasks.size();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            handOff();
        }
    }

    /** Runs the queue on a thread of {@code threads}; the caller has set {@code scheduled}. */
    private void handOff() {
        try {
            threads.execute(this::runAll);
        } catch (RejectedExecutionException e) {
            // The server is stopping: nothing will run any more.
            scheduled.set(false);
        }
    }

    private void runAll() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            run(task);
        }
        release();
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "mailbox task failed", e);
        }
    }

    private void release() {
        scheduled.set(false);
        // A task posted between the last poll and the reset above would otherwise wait forever.
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
