package scalablechat.common;

import java.util.List;

/**
 * The JVM options every session server starts with, wherever it is started: {@code make run}'s children (the local
 * scheduler), the bench, the systemd unit and the container. A session server holds many quiet connections in a
 * small live heap (about 3 KB each), so what its resident memory grows by is mostly garbage and the JIT's scratch
 * memory; these keep both small (BENCHMARKS.md, "Idle memory"). The static launch files repeat them, and
 * SessionJvmOptionsTest keeps them in step.
 */
public final class SessionJvmOptions {
    /**
     * The serial collector with a small young generation: garbage never fills a large eden, and one collector
     * thread suits the small machines this runs on. The periodic native trim hands the memory the JIT's compiler
     * threads freed back to the system (experimental on JDK 17 and 21, a product option since 22: unlocking is harmless).
     */
    public static final List<String> DEFAULTS = List.of(
            "-XX:+UseSerialGC", "-Xmn8m", "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=1000");

    private SessionJvmOptions() {}

    /** Prints the options on one line, for scripts that start session servers. */
    public static void main(String[] args) {
        System.out.println(String.join(" ", DEFAULTS));
    }
}
