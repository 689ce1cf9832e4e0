package scalablechat.session.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one test: a real file system that fills up or turns read-only on demand.
 * Mounting needs root (or CAP_SYS_ADMIN); {@link #mount} returns null where that is not possible.
 * Public for the session server's own disk tests.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    public static Tmpfs mount(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        if (!System.getProperty("os.name").equals("Linux")
                || !run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "scalablechat-test", dir.toString())) {
            return null;
        }
        return new Tmpfs(dir);
    }

    public Path dir() {
        return dir;
    }

    public void remount(String mode) throws IOException {
        if (!run("mount", "-o", "remount," + mode, dir.toString())) {
            throw new IOException("cannot remount " + dir + " " + mode);
        }
    }

    @Override
    public void close() throws IOException {
        if (!run("umount", dir.toString())) {
            throw new IOException("cannot unmount " + dir);
        }
    }

    private static boolean run(String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return false; // no such command
        }
        try {
            if (!process.waitFor(LogFiles.WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0]);
        }
        return process.exitValue() == 0;
    }
}
