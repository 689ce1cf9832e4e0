package scalablechat.session.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class here that uses Java-WebSocket is named in README.md, with what it relies on (that no other package
 * imports the library is {@code PackageRulesTest}'s).
 */
class TransportBoundaryTest {
    private static final Path TRANSPORT = Path.of("src/main/java/scalablechat/session/transport");

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
