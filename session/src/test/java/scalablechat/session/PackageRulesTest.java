package scalablechat.session;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The session server's packages depend one way: store, then protocol, then room, then ops; the transport sees
 * frames only; the root package wires them all. Read from the sources' imports and qualified names.
 */
class PackageRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/scalablechat/session");
    private static final Pattern REFERENCE = Pattern.compile("\\bscalablechat\\.session\\.(\\w+)\\.[A-Z]");
    private static final Pattern ROOT_REFERENCE = Pattern.compile("\\bscalablechat\\.session\\.[A-Z]");

    /** For each package, the session packages it may use ("root" is scalablechat.session itself). */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "store", List.of(),
            "protocol", List.of("store"),
            "transport", List.of("protocol"),
            "room", List.of("protocol", "store"),
            "ops", List.of("room", "protocol", "store", "transport"));

    @Test
    void eachPackageUsesOnlyThePackagesBelowIt() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, List<String>> rule : ALLOWED.entrySet()) {
            for (Path file : javaFiles(SOURCES.resolve(rule.getKey()))) {
                String code = Files.readString(file);
                Matcher uses = REFERENCE.matcher(code);
                while (uses.find()) {
                    String used = uses.group(1);
                    if (!used.equals(rule.getKey()) && !rule.getValue().contains(used)) {
                        broken.add(file.getFileName() + " (" + rule.getKey() + ") uses " + used);
                    }
                }
                if (ROOT_REFERENCE.matcher(code).find()) {
                    broken.add(file.getFileName() + " (" + rule.getKey() + ") uses the root package");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void onlyTheTransportImportsJavaWebSocket() throws IOException {
        List<String> outside = new ArrayList<>();
        for (Path file : javaFiles(SOURCES)) {
            if (!file.startsWith(SOURCES.resolve("transport")) && Files.readString(file).contains("org.java_websocket")) {
                outside.add(file.toString());
            }
        }
        assertEquals(List.of(), outside);
    }

    @Test
    void everyPackageIsRuled() throws IOException {
        List<String> packages;
        try (Stream<Path> entries = Files.list(SOURCES)) {
            packages = entries.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted().toList();
        }
        assertEquals(ALLOWED.keySet().stream().sorted().toList(), packages);
    }

    private static List<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
