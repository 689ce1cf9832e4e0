package scalablechat.backend.docs;

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
 * The README's "Follow one message" sends a reader to files by name, and the pages link each other: a file that
 * moves must take its mentions along. Every file a page names in backticks exists, and every relative link resolves.
 */
class DocsPathsTest {
    private static final Path ROOT = Path.of("..");
    /** The README's short forms for the source roots. */
    private static final Map<String, String> SHORT_FORMS = Map.of(
            "backend/…/", "backend/src/main/java/scalablechat/backend/",
            "session/…/", "session/src/main/java/scalablechat/session/",
            "common/…/", "common/src/main/java/scalablechat/common/");
    /** A file name in backticks; one that starts with / is a URL path, not a file. */
    private static final Pattern NAMED_FILE = Pattern.compile("`([A-Za-z0-9_…-][A-Za-z0-9_./…-]*\\.(?:java|js|sh))`");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");

    @Test
    void everyFileThePagesNameExists() throws IOException {
        List<Path> sources = sourceFiles();
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            Matcher named = NAMED_FILE.matcher(Files.readString(page));
            while (named.find()) {
                String name = named.group(1);
                if (!exists(name, sources)) {
                    missing.add(ROOT.relativize(page) + ": " + name);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) {
                    continue;
                }
                if (!Files.exists(page.getParent().resolve(target))) {
                    broken.add(ROOT.relativize(page) + ": " + target);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    /** A path from the root, in a short form, or relative to a source root; a bare name anywhere in the sources. */
    private static boolean exists(String name, List<Path> sources) {
        for (Map.Entry<String, String> shortForm : SHORT_FORMS.entrySet()) {
            if (name.startsWith(shortForm.getKey())) {
                return Files.isRegularFile(ROOT.resolve(shortForm.getValue() + name.substring(shortForm.getKey().length())));
            }
        }
        if (Files.isRegularFile(ROOT.resolve(name))) {
            return true;
        }
        String suffix = "/" + name;
        return sources.stream().anyMatch(file -> file.toString().replace('\\', '/').endsWith(suffix));
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("BENCHMARKS.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static List<Path> sourceFiles() {
        List<Path> files = new ArrayList<>();
        for (String tree : List.of("backend/src", "session/src", "common/src", "loadtest/src", "client", "e2e", "scripts")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(tree))) {
                walk.filter(Files::isRegularFile).filter(file -> !file.toString().contains("node_modules")).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
