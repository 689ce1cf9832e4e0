package scalablechat.session;

import scalablechat.common.ClassDataArchive;
import scalablechat.common.Env;
import scalablechat.common.SessionJvmOptions;
import scalablechat.common.Tokens;
import scalablechat.common.contract.InternalApi;
import scalablechat.common.contract.SharedSettings;
import scalablechat.session.protocol.WireProtocol;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the session server's class-data archive ({@link ClassDataArchive}):
 * {@code java -cp dist/session.jar scalablechat.session.ArchiveTraining dist/session.jar} starts a training JVM
 * on that jar with {@link ClassDataArchive#trainingOptions}, which writes the classes it loaded and linked
 * into the archive as it exits. The training JVM (this class without arguments) starts a server on free
 * loopback ports in a temporary data directory and goes through what a freshly started server does first:
 * answer {@code /readyz}, a status call and a scrape, open a room, take connections and joins, then the hot path:
 * {@value #TRAINING_MESSAGES} messages fanned out to {@value #TRAINING_READERS} readers and their sender, whose method
 * profiles the JDK keeps in the archive (JEP 515).
 * Exits 0 once the archive is written; 1, leaving no archive, when training failed.
 */
public final class ArchiveTraining {
    /** Every wait of the training run; generous, because builds run next to other work. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The whole training JVM, archive writing included (a few seconds on an idle machine). */
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);
    private static final String ROOM = "archive-training";
    private static final String USER = "trainer";
    /** Members of the training room that only read: each message is fanned out to them all. */
    static final int TRAINING_READERS = 40;
    /** Messages the training sends: enough deliveries (about 100,000) for the JIT's profiles to reach the hot path. */
    static final int TRAINING_MESSAGES = 2_500;
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_CLOSE = 0x8;

    private ArchiveTraining() {}

    public static void main(String[] args) {
        if (args.length == 1) {
            System.exit(write(Path.of(args[0])) ? 0 : 1);
        } else if (args.length != 0) {
            System.err.println("usage: java -cp session.jar " + ArchiveTraining.class.getName() + " <session.jar>");
            System.exit(2);
        }
        Path dataDir = null;
        int status = 0;
        try {
            dataDir = Files.createTempDirectory("scalablechat-archive-training");
            train(dataDir);
            System.out.println("archive training: the server started, answered and chatted");
        } catch (Exception e) {
            System.err.println("archive training: " + e);
            status = 1;
        } finally {
            deleteTree(dataDir);
        }
        // The JVM writes the archive as it exits; exiting here does not wait for stray non-daemon threads.
        System.exit(status);
    }

    /**
     * Runs a training JVM on {@code jar}, its output passed through; true once it wrote the archive. A failed
     * run leaves no archive behind, so launchers start servers without one rather than with a partial one.
     */
    static boolean write(Path jar) {
        Path archive = ClassDataArchive.archiveFor(jar, Runtime.version().feature());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SessionJvmOptions.DEFAULTS); // the archive is made with the collector the servers use
        command.addAll(ClassDataArchive.trainingOptions(jar));
        command.addAll(List.of("-cp", jar.toString(), ArchiveTraining.class.getName()));
        try {
            Files.deleteIfExists(archive);
            Process training = new ProcessBuilder(command).inheritIO().start();
            if (!training.waitFor(TRAINING_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                training.destroyForcibly().waitFor();
                throw new IOException("training did not finish within " + TRAINING_TIMEOUT.toSeconds() + " s");
            }
            if (training.exitValue() != 0 || !Files.isRegularFile(archive)) {
                throw new IOException("training exited with " + training.exitValue()
                        + (Files.isRegularFile(archive) ? "" : " and wrote no archive"));
            }
            System.out.println("archive training: wrote " + archive + " (" + Files.size(archive) / (1024 * 1024) + " MB)");
            return true;
        } catch (IOException e) {
            System.err.println("archive training: no archive for " + jar + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            System.err.println("archive training: cannot remove " + archive + ": " + e.getMessage());
        }
        return false;
    }

    private static void train(Path dataDir) throws Exception {
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(32));
        SessionConfig config = SessionConfig.from(new Env(Map.of(
                SessionSettings.PORT.name(), "0",
                SharedSettings.JWT_SECRET.name(), secret,
                SharedSettings.DATA_DIR.name(), dataDir.toString(),
                // the training sends as fast as the server takes it, above any user's allowance
                SessionSettings.SEND_RATE_PER_SECOND.name(), "1000000",
                SessionSettings.SEND_RATE_BURST.name(), "1000000",
                SessionSettings.ROOM_SEND_RATE_PER_SECOND.name(), "1000000",
                SessionSettings.ROOM_SEND_BURST.name(), "1000000")));
        Tokens tokens = new Tokens(secret);
        try (SessionServer server = SessionServer.start(config)) {
            int internal = server.internalPort();
            String bearer = "Bearer " + tokens.internalToken();
            expect(200, internal, "GET", InternalApi.READYZ, null);
            expect(200, internal, "GET", InternalApi.STATUS, bearer);
            expect(200, internal, "PUT", InternalApi.room(ROOM), bearer);
            String host = "127.0.0.1:" + server.port();
            List<Socket> readers = new ArrayList<>();
            List<Thread> reading = new ArrayList<>();
            try {
                for (int i = 0; i < TRAINING_READERS; i++) {
                    Socket reader = upgrade(server.port(), host, tokens.sessionToken(USER + "-" + i, ROOM, host));
                    readers.add(reader);
                    reading.add(Thread.ofPlatform().daemon().start(() -> readUntil(reader, lastText())));
                }
                chat(server.port(), host, tokens.sessionToken(USER, ROOM, host));
                for (Thread thread : reading) {
                    thread.join(WAIT.toMillis());
                }
            } finally {
                for (Socket reader : readers) {
                    reader.close();
                }
            }
            expect(200, internal, "GET", "/metrics", null);
        }
    }

    /*
     * The client side is plain sockets: a JDK client (java.net.http) would put its few hundred classes into the
     * archive, which every server start would then map and load for nothing.
     */

    /** One HTTP/1.1 request on its own connection; fails unless it is answered with {@code status}. */
    private static void expect(int status, int port, String method, String path, String authorization)
            throws IOException {
        try (Socket socket = connect(port)) {
            String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!answer.startsWith("HTTP/1.1 " + status + " ")) {
                throw new IOException(method + " " + path + " answered: " + answer.lines().findFirst().orElse("nothing"));
            }
        }
    }

    /**
     * Joins the room in the v2 protocol and sends {@link #TRAINING_MESSAGES} messages, each fanned out to every
     * member, so the archive's method profiles (JEP 515) cover the hot path; returns once the last came back.
     */
    private static void chat(int port, String host, String token) throws IOException {
        try (Socket socket = upgrade(port, host, token)) {
            OutputStream out = socket.getOutputStream();
            for (int i = 1; i <= TRAINING_MESSAGES; i++) {
                writeMaskedFrame(out, OPCODE_TEXT, ("{\"type\":\"send\",\"text\":\"hello " + i
                        + "\",\"cid\":\"training-" + i + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            if (!readUntil(socket, lastText())) {
                throw new IOException("the training's messages did not all come back");
            }
            writeMaskedFrame(out, OPCODE_CLOSE, new byte[] {0x03, (byte) 0xE8}); // 1000, normal closure
        }
    }

    /** How the last training message's text appears in its message frame. */
    private static String lastText() {
        return "\"hello " + TRAINING_MESSAGES + "\"";
    }

    /** An upgraded v2 connection to the training room. */
    private static Socket upgrade(int port, String host, String token) throws IOException {
        Socket socket = connect(port);
        String upgrade = "GET /?token=" + token + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + WireProtocol.V2.subprotocol() + "\r\n\r\n";
        socket.getOutputStream().write(upgrade.getBytes(StandardCharsets.US_ASCII));
        String status = readHeaders(new DataInputStream(socket.getInputStream()));
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("the WebSocket upgrade was answered: " + status);
        }
        return socket;
    }

    /** Reads frames until a message frame containing {@code marker}; false if the socket ended or broke first. */
    private static boolean readUntil(Socket socket, String marker) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0F;
                int length = in.readUnsignedByte() & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    return false;
                }
                byte[] payload = in.readNBytes(length);
                if (opcode == OPCODE_CLOSE) {
                    return false;
                }
                String text = new String(payload, StandardCharsets.UTF_8);
                if (opcode == OPCODE_TEXT && text.contains("\"type\":\"message\"") && text.contains(marker)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) WAIT.toMillis());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Reads an HTTP head; returns its status line. */
    private static String readHeaders(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** A client frame of at most 125 bytes, masked as RFC 6455 requires (with a zero mask: the bytes as they are). */
    private static void writeMaskedFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
        out.flush();
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a stray temporary directory is harmless
        }
    }
}
