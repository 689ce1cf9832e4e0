package scalablechat.loadtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Starts a session server {@code --runs} times with {@code java -jar} (the tool's own JDK, with the jar's
 * class-data archive when it has a fresh one, as the backend starts its children) on free ports and
 * times each from just before the process is created to the first 200 from {@code GET /readyz} on its internal
 * port ({@code /healthz} when the server has no readiness endpoint). Then sends SIGTERM and times the exit.
 */
final class StartupScenario {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final int LOG_TAIL_CHARS = 2000;

    private StartupScenario() {}

    static Report run(Options options) {
        Path jar = Path.of(options.jar());
        if (!Files.isRegularFile(jar)) {
            throw new UsageException("no session server jar at " + jar + " (run ./build.sh first, or give --jar)");
        }
        Duration timeout = Duration.ofMillis((long) (options.timeoutSeconds() * 1000));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        List<Double> startMs = new ArrayList<>();
        List<Double> stopMs = new ArrayList<>();
        String readyPath = "";
        for (int run = 0; run < options.runs(); run++) {
            Start start = startOnce(options, jar, http, timeout);
            startMs.add(start.readyMs());
            stopMs.add(start.stopMs());
            readyPath = start.readyPath();
        }
        http.shutdownNow();
        Report report = new Report().put("scenario", options.scenario().label());
        if (!options.label().isEmpty()) {
            report.put("label", options.label());
        }
        List<String> archive = archiveOptions(jar);
        return report.put("jar", jar.toString())
                .put("archive", archive.isEmpty() ? "none" : archive.getFirst())
                .put("runs", (long) options.runs())
                .put("readyPath", readyPath)
                .put("startupMedianMs", Medians.median(startMs))
                .put("startupMinMs", Collections.min(startMs))
                .put("startupMaxMs", Collections.max(startMs))
                .put("stopMedianMs", Medians.median(stopMs))
                .put("startupRunsMs", startMs.stream().map(v -> String.format(java.util.Locale.ROOT, "%.0f", v))
                        .collect(Collectors.joining(" ")));
    }

    private record Start(double readyMs, double stopMs, String readyPath) {}

    private static Start startOnce(Options options, Path jar, HttpClient http, Duration timeout) {
        int port = freePort();
        int internalPort = freePort();
        Path dataDir;
        Path log;
        try {
            dataDir = Files.createTempDirectory("loadtest-startup");
            log = Files.createTempFile("loadtest-startup", ".log");
        } catch (IOException e) {
            throw new LoadException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(archiveOptions(jar));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("INTERNAL_PORT", Integer.toString(internalPort));
        env.put("JWT_SECRET", randomSecret());
        env.put("DATA_DIR", dataDir.toString());
        for (String pair : options.env()) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Process process = null;
        try {
            long began = System.nanoTime();
            process = builder.start();
            String readyPath = awaitReady(process, http, internalPort, began + timeout.toNanos(), log);
            double readyMs = (System.nanoTime() - began) / 1e6;
            long stopBegan = System.nanoTime();
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LoadException("the session server did not exit within " + timeout.toSeconds()
                        + " s of SIGTERM");
            }
            return new Start(readyMs, (System.nanoTime() - stopBegan) / 1e6, readyPath);
        } catch (IOException e) {
            throw new LoadException("cannot start " + jar + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadException("interrupted", e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            deleteQuietly(log);
            deleteTree(dataDir);
        }
    }

    /** Polls until the server answers 200; returns the path that did. */
    private static String awaitReady(Process process, HttpClient http, int internalPort, long deadline, Path log) {
        String path = "/readyz";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LoadException("the session server exited with " + process.exitValue()
                        + " before it was ready:\n" + tail(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + internalPort + path)).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return path;
                }
                if (response.statusCode() == 404 && path.equals("/readyz")) {
                    path = "/healthz";
                    continue;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LoadException("interrupted", e);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new LoadException("the session server was not ready within the timeout:\n" + tail(log));
    }

    /**
     * The options that start {@code jar} with its class-data archive, chosen as the servers' launchers choose them
     * ({@code scalablechat.common.ClassDataArchive}, which the tool does not link): the AOT cache next to the jar
     * on JDK 25+, else its CDS archive, when at least as new as the jar; none otherwise.
     */
    static List<String> archiveOptions(Path jar) {
        String base = jar.toAbsolutePath().toString().replaceFirst("\\.jar$", "");
        Path aot = Path.of(base + ".aot");
        if (Runtime.version().feature() >= 25 && isFresh(aot, jar)) {
            return List.of("-XX:AOTCache=" + aot, "-Xlog:aot=off", "-Xlog:cds=off");
        }
        Path cds = Path.of(base + ".jsa");
        return isFresh(cds, jar) ? List.of("-XX:SharedArchiveFile=" + cds, "-Xlog:cds=off") : List.of();
    }

    private static boolean isFresh(Path archive, Path jar) {
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LoadException("no free port: " + e.getMessage(), e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() <= LOG_TAIL_CHARS ? text : text.substring(text.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a stray temp file is harmless
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(StartupScenario::deleteQuietly);
        } catch (IOException e) {
            // a stray temp directory is harmless
        }
    }
}
