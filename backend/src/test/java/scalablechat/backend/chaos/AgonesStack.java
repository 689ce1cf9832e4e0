package scalablechat.backend.chaos;

import scalablechat.backend.scheduler.agones.FakeAgones;
import scalablechat.backend.scheduler.agones.FakeSdkSidecar;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chaos stack with {@code SCHEDULER=agones}: a backend process against a fake Kubernetes API with Agones (in
 * this JVM), and session servers as real {@code session.jar} processes, each a GameServer with a fake SDK sidecar,
 * sharing one DATA_DIR as a ReadWriteMany volume would. A small fleet controller plays Agones' part: a GameServer
 * whose process died turns Unhealthy and is deleted, and the fleet is kept at its size with fresh GameServers.
 */
final class AgonesStack implements ChaosStack {
    static final String ADMIN_TOKEN = LocalStack.ADMIN_TOKEN;
    /** How often the fleet controller looks at the GameServers' processes. */
    private static final Duration CONTROL_EVERY = Duration.ofMillis(200);

    /** One GameServer: its session server process and sidecar. */
    private record Member(String name, int port, Process process, FakeSdkSidecar sidecar) {}

    private final Map<String, String> settings;
    private final Path workDir;
    private final Path log;
    private final Path dataDir;
    private final int replicas;
    private final String secret;
    private final Tokens tokens;
    private final FakeAgones agones;
    private final Map<String, String> backendEnv;
    private final URI base;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread controller;
    private volatile boolean running = true;
    private volatile BackendProcess backend;
    private int next;

    private AgonesStack(Path workDir, Map<String, String> settings) throws IOException {
        this.settings = settings;
        this.workDir = workDir;
        this.log = workDir.resolve("stack.log");
        this.dataDir = Files.createDirectories(workDir.resolve("data"));
        this.replicas = Math.min(3, Integer.parseInt(settings.getOrDefault("MAX_SERVERS", "3"))); // a spare beyond what the rooms fill
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        this.secret = HexFormat.of().formatHex(bytes);
        this.tokens = new Tokens(secret);
        this.agones = new FakeAgones("chat", "scalable-chat", "sa-token");
        Path token = Files.writeString(workDir.resolve("token"), "sa-token");
        int port = freePort(0);
        this.base = URI.create("http://127.0.0.1:" + port);
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("JWT_SECRET", secret);
        env.put("SCHEDULER", "agones");
        env.put("KUBERNETES_API", agones.uri().toString());
        env.put("KUBERNETES_TOKEN_FILE", token.toString());
        env.put("AGONES_NAMESPACE", "chat");
        env.put("CLIENT_DIR", workDir.toString());
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        this.backendEnv = Map.copyOf(env);
        this.controller = Thread.ofVirtual().name("fake-fleet-controller").unstarted(this::control);
    }

    static AgonesStack start(Path workDir, Map<String, String> settings) throws Exception {
        AgonesStack stack = new AgonesStack(workDir, settings);
        try {
            for (int i = 0; i < stack.replicas; i++) {
                stack.startGameServer();
            }
            stack.awaitReady();
            stack.controller.start();
            stack.backend = BackendProcess.start(stack.backendEnv, stack.log);
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private synchronized void startGameServer() throws IOException {
        String name = "scalable-chat-gs-" + next++;
        int port = freePort(INTERNAL_PORT_OFFSET);
        agones.addStartingGameServer(name, Integer.parseInt(settings.getOrDefault("ROOMS_PER_SERVER", "2")), "node-" + (next % 2));
        FakeSdkSidecar sidecar = new FakeSdkSidecar(agones, name);
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("JWT_SECRET", secret);
        env.put("DATA_DIR", dataDir.toString());
        env.put("AGONES_SDK_HTTP_PORT", Integer.toString(sidecar.port()));
        env.put("USERS_PER_ROOM", settings.getOrDefault("USERS_PER_ROOM", "100"));
        env.put("DRAIN_TIMEOUT_SECONDS", settings.getOrDefault("DRAIN_TIMEOUT_SECONDS", "5"));
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", SessionJar.locate().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        members.put(name, new Member(name, port, process, sidecar));
        agones.setPort(name, port); // the pod is scheduled: Agones has its host port
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + BackendProcess.START_TIMEOUT.toNanos();
        while (!members.keySet().stream().allMatch(name -> "Ready".equals(agones.state(name)))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the session servers never said Ready; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** Agones' part: a dead process makes its GameServer Unhealthy and gone; the fleet is kept at its size. */
    private void control() {
        while (running) {
            try {
                for (Member member : List.copyOf(members.values())) {
                    String state = agones.state(member.name());
                    if (!member.process().isAlive() && state != null) {
                        agones.setState(member.name(), "Unhealthy");
                        agones.delete(member.name());
                        state = null;
                    }
                    if (state == null) { // deleted: unhealthy, or shut down after a drain
                        if (member.process().isAlive() && !member.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                            member.process().destroyForcibly();
                        }
                        member.sidecar().close();
                        members.remove(member.name());
                    }
                }
                while (running && members.size() < replicas) {
                    startGameServer();
                }
                Thread.sleep(CONTROL_EVERY);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                System.err.println("fake fleet controller: " + e);
            }
        }
    }

    private static int freePort(int alsoFreeAt) throws IOException {
        for (int tries = 0; tries < 50; tries++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (alsoFreeAt == 0) {
                return port;
            }
            if (port + alsoFreeAt <= 65535) {
                try (ServerSocket other = new ServerSocket(port + alsoFreeAt)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair");
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public Tokens tokens() {
        return tokens;
    }

    @Override
    public boolean historyOnDisk() throws IOException {
        return ChaosStack.anyFileIn(dataDir);
    }

    @Override
    public boolean killSessionServer(String host) {
        for (Member member : members.values()) {
            if (host.endsWith(":" + member.port())) {
                member.process().destroyForcibly();
                return true;
            }
        }
        return false;
    }

    @Override
    public void drainSessionServer(String host) throws IOException, InterruptedException {
        ChaosStack.drainOverInternalPort(http, tokens, host);
    }

    @Override
    public void restartBackend() throws IOException, InterruptedException {
        backend.kill();
        backend = BackendProcess.start(backendEnv, log);
    }

    @Override
    public void close() throws Exception {
        running = false;
        controller.interrupt();
        if (backend != null) {
            backend.close();
        }
        List<Member> left = new ArrayList<>(members.values());
        for (Member member : left) {
            member.process().destroy();
        }
        for (Member member : left) {
            if (!member.process().waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                member.process().destroyForcibly();
            }
            member.sidecar().close();
        }
        agones.close();
    }
}
