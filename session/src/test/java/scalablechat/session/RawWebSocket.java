package scalablechat.session;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a plain socket, for what well-behaved clients never do: announce huge
 * frames, stop reading, or never finish the handshake.
 */
final class RawWebSocket implements AutoCloseable {
    record Frame(int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    static final int OP_TEXT = 1;
    static final int OP_CLOSE = 8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** A TCP connection that has sent nothing yet. */
    static RawWebSocket connectTcp(int port, int receiveBufferBytes) throws IOException {
        return connectTcpFrom(null, port, receiveBufferBytes);
    }

    /** As {@link #connectTcp}, from {@code local} (another loopback address such as 127.0.0.2), or any when null. */
    static RawWebSocket connectTcpFrom(String local, int port, int receiveBufferBytes) throws IOException {
        Socket socket = new Socket();
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout((int) TestClient.WAIT.toMillis());
        return new RawWebSocket(socket);
    }

    /** Connects and upgrades; fails unless the server answers 101. */
    static RawWebSocket open(int port, String query, String subprotocol, int receiveBufferBytes) throws IOException {
        return openFrom(null, port, query, subprotocol, receiveBufferBytes);
    }

    static RawWebSocket openFrom(String local, int port, String query, String subprotocol, int receiveBufferBytes)
            throws IOException {
        RawWebSocket ws = connectTcpFrom(local, port, receiveBufferBytes);
        String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        String request = "GET /?" + query + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n")
                + "\r\n";
        ws.write(request.getBytes(StandardCharsets.US_ASCII));
        String head = ws.readHead();
        if (!head.startsWith("HTTP/1.1 101")) {
            ws.close();
            throw new IOException("upgrade refused: " + head);
        }
        return ws;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The HTTP response head, up to the blank line. */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("closed during the handshake after: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** A masked text frame, as clients must send. */
    void sendText(String text) throws IOException {
        write(clientFrame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] clientFrame(int opcode, byte[] payload) {
        return frame(true, opcode, payload, true);
    }

    /** Any frame: final or not, masked or not (clients must mask; servers must refuse what is not). */
    static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        if (!masked) {
            ByteBuffer frame = ByteBuffer.allocate(10 + payload.length);
            frame.put((byte) ((fin ? 0x80 : 0) | opcode));
            if (payload.length <= 125) {
                frame.put((byte) payload.length);
            } else {
                frame.put((byte) 126).putShort((short) payload.length);
            }
            frame.put(payload).flip();
            byte[] out = new byte[frame.remaining()];
            frame.get(out);
            return out;
        }
        byte[] mask = {1, 2, 3, 4};
        ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
        frame.put((byte) ((fin ? 0x80 : 0) | opcode));
        if (payload.length <= 125) {
            frame.put((byte) (0x80 | payload.length));
        } else if (payload.length <= 65535) {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i % 4]));
        }
        frame.flip();
        byte[] out = new byte[frame.remaining()];
        frame.get(out);
        return out;
    }

    /** The next frame from the server (unmasked, unfragmented). */
    Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads until the server closes the TCP connection; true when it did before the socket timeout. */
    boolean readsToEnd() throws IOException {
        byte[] sink = new byte[64 * 1024];
        try {
            while (in.read(sink) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server: closed as well
        }
    }

    void soTimeout(int millis) throws SocketException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
