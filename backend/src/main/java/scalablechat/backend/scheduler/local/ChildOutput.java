package scalablechat.backend.scheduler.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies a child's output into the backend's log (standard error) line by line, each line prefixed
 * with the child's name, on a virtual thread of its own so a chatty child never blocks anyone.
 */
final class ChildOutput {
    private ChildOutput() {}

    static void pipe(InputStream from, String prefix, PrintStream to) {
        Thread.ofVirtual().name("output " + prefix).start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    to.println(prefix + " | " + line);
                }
            } catch (IOException e) {
                // the child is gone and its pipe with it: nothing more to copy
            }
        });
    }
}
