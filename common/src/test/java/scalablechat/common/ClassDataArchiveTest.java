package scalablechat.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which archive a launcher passes for which JDK, and that a missing or stale one is left out. */
class ClassDataArchiveTest {
    private static final Instant BUILT = Instant.parse("2026-11-28T01:00:00Z");

    @TempDir
    Path dir;

    private Path jar() throws IOException {
        Path jar = Files.writeString(dir.resolve("session.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
        return jar;
    }

    private Path archive(String name, Instant modified) throws IOException {
        Path archive = Files.writeString(dir.resolve(name), "archive");
        Files.setLastModifiedTime(archive, FileTime.from(modified));
        return archive;
    }

    @Test
    void archivesLiveNextToTheJar() throws IOException {
        Path jar = jar();
        assertEquals(dir.resolve("session.aot"), ClassDataArchive.aotCache(jar));
        assertEquals(dir.resolve("session.jsa"), ClassDataArchive.cdsArchive(jar));
        assertEquals(dir.resolve("session.aot"), ClassDataArchive.archiveFor(jar, 25));
        assertEquals(dir.resolve("session.jsa"), ClassDataArchive.archiveFor(jar, 21));
    }

    @Test
    void noArchiveMeansNoOptions() throws IOException {
        assertEquals(List.of(), ClassDataArchive.jvmOptions(jar(), 25));
        assertEquals(List.of(), ClassDataArchive.jvmOptions(jar(), 21));
    }

    @Test
    void jdk25UsesAFreshAotCacheAndSilencesTheJvmsComplaints() throws IOException {
        Path jar = jar();
        Path aot = archive("session.aot", BUILT.plusSeconds(5));
        assertEquals(List.of("-XX:AOTCache=" + aot.toAbsolutePath(), "-Xlog:aot=off", "-Xlog:cds=off"),
                ClassDataArchive.jvmOptions(jar, 25));
    }

    @Test
    void olderJdksCannotReadAnAotCacheButUseACdsArchive() throws IOException {
        Path jar = jar();
        archive("session.aot", BUILT.plusSeconds(5));
        assertEquals(List.of(), ClassDataArchive.jvmOptions(jar, 21), "JDK 21 has no -XX:AOTCache");
        Path jsa = archive("session.jsa", BUILT);
        assertEquals(List.of("-XX:SharedArchiveFile=" + jsa.toAbsolutePath(), "-Xlog:cds=off"),
                ClassDataArchive.jvmOptions(jar, 21));
    }

    @Test
    void anArchiveOlderThanTheJarIsLeftOut() throws IOException {
        Path jar = jar();
        archive("session.aot", BUILT.minusSeconds(60));
        archive("session.jsa", BUILT.minusSeconds(60));
        assertEquals(List.of(), ClassDataArchive.jvmOptions(jar, 25));
        assertEquals(List.of(), ClassDataArchive.jvmOptions(jar, 21));
    }

    @Test
    void trainingWritesTheArchiveThisJdkReads() throws IOException {
        Path jar = jar();
        assertEquals("-XX:AOTCacheOutput=" + dir.resolve("session.aot").toAbsolutePath(),
                ClassDataArchive.trainingOptions(jar, 25).getFirst());
        assertEquals("-XX:ArchiveClassesAtExit=" + dir.resolve("session.jsa").toAbsolutePath(),
                ClassDataArchive.trainingOptions(jar, 24).getFirst());
    }
}
