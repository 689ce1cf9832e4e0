package scalablechat.session;

import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frame left in a socket's send queue with no write requested (what Java-WebSocket's race between a
 * room thread's write request and the selector's "queue empty" leaves behind) still goes out.
 */
class StrandedWriteTest {
    @Test
    void aFrameQueuedWithoutAWriteRequestIsWrittenBySweep() throws Exception {
        try (Harness harness = Harness.start(Map.of())) {
            String query = "token=" + URLEncoder.encode(harness.token("reader", "r1"), StandardCharsets.UTF_8);
            try (RawWebSocket reader = RawWebSocket.open(harness.server.port(), query, Harness.V2, 0)) {
                harness.awaitConnections("r1", 1);
                List<WebSocketImpl> sockets = new ArrayList<>();
                harness.server.forEachSocket(sockets::add);
                assertEquals(1, sockets.size());
                WebSocketImpl socket = sockets.get(0);
                // Wait until the welcome is written and the selector went back to reading only.
                long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
                while (!socket.outQueue.isEmpty() || socket.getSelectionKey().interestOps() != SelectionKey.OP_READ) {
                    assertTrue(System.nanoTime() < deadline, "the welcome was never written");
                    Thread.sleep(10);
                }
                byte[] payload = "{\"type\":\"stranded\"}".getBytes(StandardCharsets.UTF_8);
                ByteBuffer frame = ByteBuffer.allocate(2 + payload.length).put((byte) 0x81).put((byte) payload.length).put(payload).flip();
                socket.outQueue.add(frame); // queued as sendFrame does, but with no onWriteDemand after it

                String text;
                do {
                    text = new String(reader.readFrame().payload(), StandardCharsets.UTF_8);
                } while (!text.equals("{\"type\":\"stranded\"}"));
                assertTrue(harness.metric("session_stranded_writes_total") >= 1);
            }
        }
    }
}
