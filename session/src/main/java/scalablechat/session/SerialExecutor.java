package scalablechat.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A mailbox: runs its tasks one at a time, in the order they were posted, on threads borrowed from
 * {@code threads} (virtual threads here). No thread is held while the mailbox is empty.
 * Everything a room owns is touched only from its mailbox, so the room needs no locks.
 */
final class SerialExecutor implements Executor {
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

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                threads.execute(this::runAll);
            } catch (RejectedExecutionException e) {
                // The server is stopping: nothing will run any more.
                scheduled.set(false);
            }
        }
    }

    private void runAll() {
        for (Runnable task; (task = tasks.poll()) != null; ) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "mailbox task failed", e);
            }
        }
        scheduled.set(false);
        // A task posted between the last poll and the reset above would otherwise wait forever.
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
