package scalablechat.loadtest.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A blocking socket that speaks just enough HTTP and WebSocket to misbehave on purpose: any request, frames with
 * any flags, masked or not, from any local address. Attacks only; victims use {@link Victim}.
 */
final class RawSocket implements AutoCloseable {
    /** A frame as read: its opcode and payload. */
    record Frame(int opcode, byte[] payload) {
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** A TCP connection to {@code host:port}, from {@code localAddress} when not null. */
    static RawSocket connect(String host, int port, String localAddress) throws IOException {
        Socket socket = new Socket();
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setTcpNoDelay(true);
            return new RawSocket(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends a WebSocket upgrade and returns the response head, or null when the server closed instead. */
    String upgrade(String pathAndQuery, String host, String protocol, Duration timeout) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (protocol == null ? "" : "Sec-WebSocket-Protocol: " + protocol + "\r\n")
                + "\r\n";
        write(request.getBytes(StandardCharsets.ISO_8859_1));
        return readHead(timeout);
    }

    /** Reads up to the end of an HTTP response head; null when the server closed first. */
    String readHead(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        try {
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
        } catch (IOException reset) {
            return null;
        }
        return null;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One frame; clients must mask, so {@code masked=false} is itself an attack. A zero mask key leaves the payload as it is. */
    void frame(boolean fin, int opcode, byte[] payload, boolean masked) throws IOException {
        write(header(fin, opcode, payload.length, masked));
        write(payload);
    }

    /** A frame header announcing {@code length} bytes (masked with a zero key), without its payload. */
    static byte[] header(boolean fin, int opcode, long length, boolean masked) {
        ByteBuffer head = ByteBuffer.allocate(14);
        head.put((byte) ((fin ? 0x80 : 0) | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (length < 126) {
            head.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            head.put((byte) (maskBit | 126)).putShort((short) length);
        } else {
            head.put((byte) (maskBit | 127)).putLong(length);
        }
        if (masked) {
            head.putInt(0);
        }
        return java.util.Arrays.copyOf(head.array(), head.position());
    }

    void text(String text) throws IOException {
        frame(true, 1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The next frame, or null when the connection ended (or nothing came within {@code timeout}). */
    Frame read(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return null;
            }
            long length = b1 & 0x7F;
            if (length == 126) {
                length = ((long) in.read() << 8) | in.read();
            } else if (length == 127) {
                length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
            }
            return new Frame(b0 & 0x0F, in.readNBytes((int) length));
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException reset) {
            return null;
        }
    }

    /** Reads frames until a close frame (its code) or the end of the connection (-1 when it just ended). */
    int awaitClose(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (frame == null) {
                return isClosedByPeer() ? -1 : -2;
            }
            if (frame.opcode() == 8) {
                return frame.closeCode();
            }
        }
        return -2;
    }

    /** Whether the server has sent anything we have not read: a flood stops writing then, to read its close. */
    boolean hasSomethingToRead() throws IOException {
        return in.available() > 0;
    }

    /** Reads and drops whatever has arrived, without waiting. */
    void drain() throws IOException {
        byte[] sink = new byte[64 * 1024];
        while (in.available() > 0) {
            if (in.read(sink, 0, Math.min(sink.length, in.available())) < 0) {
                return;
            }
        }
    }

    /** Everything until the peer closes, or until {@code timeout}. */
    String readRest(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        socket.setSoTimeout(200);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                rest.write(chunk, 0, n);
            } catch (SocketTimeoutException e) {
                // keep waiting
            } catch (IOException reset) {
                break;
            }
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads the backlog of a member that stopped reading, to its end: "closed with CODE REASON" when a close frame
     * comes, "connection closed" when it just ends, "still open" when neither happens within {@code timeout}.
     */
    String closeReasonInBacklog(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Frame frame = read(Duration.ofSeconds(2));
            if (frame == null) {
                return isClosedByPeer() ? "connection closed" : "still open";
            }
            if (frame.opcode() == 8) {
                String reason = frame.payload().length > 2
                        ? new String(frame.payload(), 2, frame.payload().length - 2, StandardCharsets.UTF_8) : "";
                return "closed with " + frame.closeCode() + " " + reason;
            }
        }
        return "still open";
    }

    /** Whether the peer has closed its side: a read returns the end of the stream at once. */
    boolean isClosedByPeer() throws IOException {
        socket.setSoTimeout(200);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Whether the peer closes the connection within {@code timeout}, reading and dropping what it sends. */
    boolean closedWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        socket.setSoTimeout(200);
        byte[] sink = new byte[8192];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
