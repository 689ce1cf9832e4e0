package scalablechat.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The session server's class-data archive: a file next to its jar that lets a new JVM map the server's classes
 * already loaded and linked (on JDK 25+ also with their lambdas' call sites resolved) instead of loading them from
 * the jar. It roughly halves the time from process start to ready. {@code build.sh} and the session
 * image write it with {@code scalablechat.session.ArchiveTraining}; every launcher of session servers asks
 * {@link #jvmOptions(Path)} for the options that use it.
 *
 * <p>An archive is a speed-up only: when it is missing, older than the jar, made by another JDK or damaged, a
 * server still starts, as fast as one started without these options would. The JVM's own complaint about an
 * archive it cannot map is silenced, because it calls a harmless condition an error; the session server itself
 * says in one line when class-data sharing ended up off.
 */
public final class ClassDataArchive {
    /** The first JDK with one-step AOT caches (JEP 483, JEP 514's {@code -XX:AOTCacheOutput}). */
    public static final int AOT_CACHE_SINCE = 25;
    /** Older JDKs (21-24) get a dynamic CDS archive of the application's classes. */
    static final String AOT_SUFFIX = ".aot";
    static final String CDS_SUFFIX = ".jsa";

    private ClassDataArchive() {}

    /** The AOT cache for {@code jar} (JDK 25+): {@code dist/session.jar} has {@code dist/session.aot}. */
    public static Path aotCache(Path jar) {
        return sibling(jar, AOT_SUFFIX);
    }

    /** The CDS archive for {@code jar} (JDK 21-24): {@code dist/session.jar} has {@code dist/session.jsa}. */
    public static Path cdsArchive(Path jar) {
        return sibling(jar, CDS_SUFFIX);
    }

    /** Where a training run with a JVM of feature version {@code feature} writes its archive. */
    public static Path archiveFor(Path jar, int feature) {
        return feature >= AOT_CACHE_SINCE ? aotCache(jar) : cdsArchive(jar);
    }

    /** Options for a training JVM of this runtime: it writes {@link #archiveFor} {@code jar} when it exits. */
    public static List<String> trainingOptions(Path jar) {
        return trainingOptions(jar, Runtime.version().feature());
    }

    static List<String> trainingOptions(Path jar, int feature) {
        Path archive = archiveFor(jar, feature).toAbsolutePath();
        // Skipped classes (minimal-json's old class files, JFR events) are reported as warnings: expected.
        // JDK 25 keeps the training run's method profiles in the AOT cache (JEP 515), so a cold server's JIT can
        // compile the hot path with them instead of profiling it again under the first traffic (BENCHMARKS.md).
        return feature >= AOT_CACHE_SINCE
                ? List.of("-XX:AOTCacheOutput=" + archive, "-Xlog:aot=error", "-Xlog:cds=error")
                : List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=error");
    }

    /** The options that make a JVM of this runtime start {@code jar} with its archive; none when it has no fresh one. */
    public static List<String> jvmOptions(Path jar) {
        return jvmOptions(jar, Runtime.version().feature());
    }

    static List<String> jvmOptions(Path jar, int feature) {
        Path aot = aotCache(jar);
        if (feature >= AOT_CACHE_SINCE && isFresh(aot, jar)) {
            return List.of("-XX:AOTCache=" + aot.toAbsolutePath(), "-Xlog:aot=off", "-Xlog:cds=off");
        }
        Path cds = cdsArchive(jar);
        if (isFresh(cds, jar)) {
            return List.of("-XX:SharedArchiveFile=" + cds.toAbsolutePath(), "-Xlog:cds=off");
        }
        return List.of();
    }

    /** An archive older than its jar was made for an earlier build of it, which the JVM would refuse anyway. */
    private static boolean isFresh(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path sibling(Path jar, String suffix) {
        String name = jar.getFileName().toString();
        String base = name.endsWith(".jar") ? name.substring(0, name.length() - ".jar".length()) : name;
        return jar.resolveSibling(base + suffix);
    }
}
