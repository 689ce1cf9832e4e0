package scalablechat.session.ops;

import java.time.Duration;

/**
 * Ends this process when the process that started it ends, so session servers started by a backend
 * (the local scheduler sets {@code PARENT_PID}) never outlive it, even when it is killed with SIGKILL
 * and gets no chance to stop them.
 *
 * <p>It watches for this process being re-parented rather than for the parent's exit: a parent killed
 * with SIGKILL stays a zombie until its own parent reaps it, and {@link ProcessHandle#onExit()} on a
 * zombie does not complete, whereas the kernel hands the children of a dying process to another parent
 * at once.
 */
public final class ParentWatch {
    private static final System.Logger LOG = System.getLogger(ParentWatch.class.getName());
    /** How often the parent is checked: the longest a server outlives its backend. */
    public static final Duration INTERVAL = Duration.ofMillis(250);

    private ParentWatch() {}

    /**
     * Starts watching {@code parentPid} on a daemon thread; when it is no longer this process's parent,
     * runs {@code onParentGone} (which should stop the server and exit).
     *
     * @throws IllegalArgumentException when {@code parentPid} is not this process's parent now
     */
    public static void start(long parentPid, Runnable onParentGone) {
        if (currentParent() != parentPid) {
            throw new IllegalArgumentException("PARENT_PID " + parentPid + " is not this process's parent ("
                    + currentParent() + ")");
        }
        Thread.ofPlatform().daemon().name("parent-watch").start(() -> {
            try {
                while (currentParent() == parentPid) {
                    Thread.sleep(INTERVAL);
                }
            } catch (InterruptedException e) {
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "parent process {0} is gone: stopping", parentPid);
            onParentGone.run();
        });
    }

    private static long currentParent() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
