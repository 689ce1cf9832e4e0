package scalablechat.backend.chaos;

import scalablechat.common.Tokens;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** The system under test of a chaos run, whatever its scheduler, and the faults that can be done to it. */
interface ChaosStack extends AutoCloseable {
    /** Starts a stack in {@code workDir} with {@code settings} (session and scheduler settings). */
    @FunctionalInterface
    interface Starter {
        ChaosStack start(Path workDir, Map<String, String> settings) throws Exception;
    }

    URI base();

    Tokens tokens();

    /** Whether the session servers left anything in DATA_DIR, i.e. keep room history on disk. */
    boolean historyOnDisk() throws IOException;

    /** SIGKILLs the session server serving {@code host}; false when no such process runs. */
    boolean killSessionServer(String host);

    /** Asks the session server serving {@code host} to drain, as an operator would. */
    void drainSessionServer(String host) throws IOException, InterruptedException;

    /** SIGKILLs the backend and starts a new one on the same port. */
    void restartBackend() throws IOException, InterruptedException;

    @Override
    void close() throws Exception;
}
