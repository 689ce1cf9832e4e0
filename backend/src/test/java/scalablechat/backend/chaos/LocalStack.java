package scalablechat.backend.chaos;

import scalablechat.common.Tokens;

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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system under test of a chaos run: a backend process with the local scheduler, on a fixed port so it
 * can be restarted in place, and the session servers it starts; plus the faults that can be done to it.
 */
final class LocalStack implements ChaosStack {
    static final String ADMIN_TOKEN = "chaos-admin-token-0123456789";

    private final Map<String, String> env;
    private final Path log;
    private final URI base;
    private final Tokens tokens;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile BackendProcess backend;

    private LocalStack(Map<String, String> env, Path log, URI base, Path dataDir) {
        this.env = env;
        this.log = log;
        this.base = base;
        this.tokens = new Tokens(env.get("JWT_SECRET"));
        this.dataDir = dataDir;
    }

    /** Starts the backend with {@code settings} (session settings included) in {@code workDir}. */
    static LocalStack start(Path workDir, Map<String, String> settings) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path dataDir = Files.createDirectories(workDir.resolve("data"));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, String> env = new HashMap<>(settings);
        env.put("PORT", Integer.toString(port));
        env.put("JWT_SECRET", HexFormat.of().formatHex(secret));
        env.put("SESSION_JAR", SessionJar.locate().toString());
        env.put("SESSION_HOSTNAME", "127.0.0.1");
        env.put("DATA_DIR", dataDir.toString());
        env.put("CLIENT_DIR", workDir.toString());
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        LocalStack stack = new LocalStack(Map.copyOf(env), workDir.resolve("stack.log"), URI.create("http://127.0.0.1:" + port), dataDir);
        stack.backend = BackendProcess.start(stack.env, stack.log);
        return stack;
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public Tokens tokens() {
        return tokens;
    }

    Path log() {
        return log;
    }

    /** Whether the session servers left anything in DATA_DIR, i.e. keep room history on disk. */
    @Override
    public boolean historyOnDisk() throws IOException {
        return ChaosStack.anyFileIn(dataDir);
    }

    /** SIGKILLs the session server serving {@code host}; false when no such child runs. */
    @Override
    public boolean killSessionServer(String host) {
        Optional<ProcessHandle> child = sessionServer(host);
        child.ifPresent(ProcessHandle::destroyForcibly);
        return child.isPresent();
    }

    /** Asks the session server serving {@code host} to drain, as an operator would. */
    @Override
    public void drainSessionServer(String host) throws IOException, InterruptedException {
        ChaosStack.drainOverInternalPort(http, tokens, host);
    }

    /** SIGKILLs the backend (its session servers then die too) and starts a new one on the same port. */
    @Override
    public void restartBackend() throws IOException, InterruptedException {
        backend.kill();
        backend = BackendProcess.start(env, log);
    }

    private Optional<ProcessHandle> sessionServer(String host) {
        String port = host.substring(host.lastIndexOf(':') + 1);
        return backend.handle().children()
                .filter(child -> Processes.environment(child.pid(), "PORT").orElse("").equals(port))
                .findFirst();
    }

    /** The session servers running now. */
    List<ProcessHandle> sessionServers() {
        return backend.handle().children().toList();
    }

    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = sessionServers();
        backend.close();
        for (ProcessHandle child : children) {
            if (!Processes.awaitGone(child.pid(), Duration.ofSeconds(20))) {
                child.destroyForcibly();
            }
        }
    }
}
