package scalablechat.session.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only this package imports Java-WebSocket, so every reliance on its internals is here and listed in README.md. */
class TransportBoundaryTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path TRANSPORT = SOURCES.resolve("scalablechat/session/transport");

    @Test
    void onlyTheTransportPackageImportsTheLibrary() throws IOException {
        List<String> outside;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            outside = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !file.getParent().equals(TRANSPORT))
                    .filter(TransportBoundaryTest::usesTheLibrary)
                    .map(Path::toString)
                    .toList();
        }
        assertEquals(List.of(), outside);
    }

    @Test
    void theReadmeNamesEveryClassThatUsesTheLibrary() throws IOException {
        String readme = Files.readString(TRANSPORT.resolve("README.md"));
        try (Stream<Path> files = Files.list(TRANSPORT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).filter(TransportBoundaryTest::usesTheLibrary).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                assertTrue(readme.contains("`" + name), "README.md does not name " + name);
            }
        }
    }

    private static boolean usesTheLibrary(Path file) {
        try {
            return Files.readString(file).contains("org.java_websocket");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
