package scalablechat.backend;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** dist/backend.jar's entry point refuses a bad configuration with a clear message and exit status 2. */
class BackendMainTest {
    private record Result(int status, String stderr) {}

    private static Result run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BackendMain.class.getName());
        builder.environment().remove("JWT_SECRET");
        builder.environment().remove("PORT");
        builder.environment().remove("SESSION_SERVER_HOST");
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        try {
            String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "backend did not exit");
            return new Result(process.exitValue(), stderr);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void badConfigurationExitsWithStatus2AndSaysWhy() throws Exception {
        List<Map<String, String>> bad = List.of(
                Map.of(),
                Map.of("JWT_SECRET", "s"),
                Map.of("JWT_SECRET", TestServers.SECRET, "PORT", "http"),
                Map.of("JWT_SECRET", TestServers.SECRET, "PORT", "70000"),
                Map.of("JWT_SECRET", TestServers.SECRET, "SESSION_SERVER_HOST", "localhost"),
                Map.of("JWT_SECRET", TestServers.SECRET, "SESSION_SERVER_HOST", "localhost:8000,localhost:8000"),
                Map.of("JWT_SECRET", TestServers.SECRET, "SESSION_SERVER_TIMEOUT_MS", "0"));
        List<String> reasons = List.of("JWT_SECRET must be set", "JWT_SECRET must be at least 32 bytes", "PORT must be a whole number", "PORT must be between",
                "must be host:port", "twice", "SESSION_SERVER_TIMEOUT_MS must be between");
        for (int i = 0; i < bad.size(); i++) {
            Result result = run(bad.get(i));
            assertEquals(2, result.status(), bad.get(i) + ": " + result.stderr());
            assertTrue(result.stderr().contains("configuration error") && result.stderr().contains(reasons.get(i)),
                    result.stderr());
            assertFalse(result.stderr().contains("Exception"), result.stderr());
        }
    }
}
