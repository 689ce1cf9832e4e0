package scalablechat.session.transport;

import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.Test;
import scalablechat.common.metrics.MetricRegistry;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frame left in a socket's send queue with no write requested (what Java-WebSocket's race between a
 * sending thread's write request and the selector's "queue empty" leaves behind) still goes out: the
 * transport's sweep finds it. The transport alone, with a listener that says hello; no rooms.
 */
class StrandedWriteTest {
    @Test
    void aFrameQueuedWithoutAWriteRequestIsWrittenBySweep() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        try (TransportHarness harness = TransportHarness.start(registry);
             TransportHarness.Client client = harness.connect()) {
            assertEquals("{\"type\":\"hello\"}", client.next());
            ClientSocket opened = harness.opened.poll(TransportHarness.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(opened);
            WebSocketImpl socket = opened.webSocket();
            // Wait until the hello is written and the selector went back to reading only.
            long deadline = System.nanoTime() + TransportHarness.WAIT.toNanos();
            while (!socket.outQueue.isEmpty() || socket.getSelectionKey().interestOps() != SelectionKey.OP_READ) {
                assertTrue(System.nanoTime() < deadline, "the hello was never written");
                Thread.sleep(10);
            }
            byte[] payload = "{\"type\":\"stranded\"}".getBytes(StandardCharsets.UTF_8);
            ByteBuffer frame = ByteBuffer.allocate(2 + payload.length).put((byte) 0x81).put((byte) payload.length).put(payload).flip();
            socket.outQueue.add(frame); // queued as sendFrame does, but with no onWriteDemand after it

            assertEquals("{\"type\":\"stranded\"}", client.next());
            assertTrue(harness.counter(registry, "session_stranded_writes_total") >= 1);
        }
    }
}
