package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The graceful drain: not ready, no new rooms or clients, everyone closed with 1001 after everything accepted. */
class DrainTest {
    private static final int WINDOW = 10;
    /**
     * Readers here read only once the drain has started, so what they were sent meanwhile (original-protocol
     * snapshots are large) must not close them as slow consumers first.
     */
    private static final Map<String, String> FAST = Map.of("SEND_RATE_PER_SECOND", "100000", "SEND_RATE_BURST", "100000",
            "MAX_UNSENT_BYTES", Integer.toString(256 * 1024 * 1024));

    /** Collects one client's message ids until its close. */
    private static List<Long> idsUntilClose(TestClient client) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String frame : client.drainUntilClosed()) {
            JsonObject json = com.eclipsesource.json.Json.parse(frame).asObject();
            if ("message".equals(json.getString("type", null))) {
                ids.add(json.getLong("id", 0));
            }
        }
        return ids;
    }

    @Test
    void everyAcceptedMessageIsDeliveredBeforeThe1001Close() throws Exception {
        try (Harness harness = Harness.start(FAST)) {
            List<TestClient> senders = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                senders.add(harness.joinedV2("sender" + i, "r1"));
            }
            List<TestClient> readers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                readers.add(harness.joinedV2("reader" + i, "r1"));
                readers.add(harness.original("olga" + i, "r1"));
            }
            harness.awaitConnections("r1", 7);
            CountDownLatch talking = new CountDownLatch(senders.size());
            List<Future<List<Long>>> sending = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < senders.size(); i++) {
                    TestClient sender = senders.get(i);
                    String name = "sender" + i;
                    sending.add(pool.submit(() -> talkUntilClosed(sender, name, talking)));
                }
                assertTrue(talking.await(10, TimeUnit.SECONDS));
                Thread.sleep(200); // messages are in flight when the drain starts
                Harness.Answer answer = harness.internal("POST", "/internal/drain");
                assertEquals(202, answer.status());
                assertEquals("draining", answer.json().getString("state", null));

                List<List<Long>> seen = new ArrayList<>();
                for (int i = 0; i < senders.size(); i++) {
                    List<Long> ids = sending.get(i).get(20, TimeUnit.SECONDS);
                    ids.addAll(idsUntilClose(senders.get(i)));
                    seen.add(ids);
                    assertClosedForDrain(senders.get(i));
                }
                for (TestClient reader : readers) {
                    if (reader.subprotocol().isEmpty()) {
                        reader.drainUntilClosed();
                    } else {
                        seen.add(idsUntilClose(reader));
                    }
                    assertClosedForDrain(reader);
                }
                harness.server.stopped().get(20, TimeUnit.SECONDS);
                List<Long> first = seen.get(0);
                assertTrue(first.size() > 10, "messages were flowing when the drain started");
                for (int i = 0; i < first.size(); i++) {
                    assertEquals(i + 1, first.get(i), "contiguous ids");
                }
                for (List<Long> ids : seen) {
                    assertEquals(first, ids, "every member got every accepted message before its close");
                }
                System.out.println("drain: " + first.size() + " messages stored, every one delivered to all 7 members");
            }
        }
    }

    /**
     * Sends until the drain closes the connection, staying at most WINDOW messages ahead of its own
     * echoes (a fast reader, not a slow consumer); returns the ids of the messages it read meanwhile.
     */
    private static List<Long> talkUntilClosed(TestClient sender, String name, CountDownLatch talking) throws InterruptedException {
        List<Long> ids = new ArrayList<>();
        int sent = 0;
        int echoed = 0;
        talking.countDown();
        try {
            while (!sender.isClosed()) {
                sender.sendV2("m" + sent, "c" + sent);
                sent++;
                while (sent - echoed > WINDOW && !sender.isClosed()) {
                    String frame = sender.poll(100);
                    if (frame == null) {
                        continue;
                    }
                    JsonObject json = com.eclipsesource.json.Json.parse(frame).asObject();
                    if ("message".equals(json.getString("type", null))) {
                        ids.add(json.getLong("id", 0));
                        if (name.equals(json.getString("userId", null))) {
                            echoed++;
                        }
                    }
                }
            }
        } catch (RuntimeException closedMidSend) {
            // the drain closed us, as expected
        }
        return ids;
    }

    private static void assertClosedForDrain(TestClient client) throws Exception {
        TestClient.Close close = client.awaitClose();
        assertEquals(1001, close.code(), close.toString());
        assertEquals("server draining", close.reason());
    }

    @Test
    void whileDrainingTheServerIsNotReadyAndTakesNoRoomsOrClients() throws Exception {
        try (Harness harness = Harness.start(Map.of("HANDSHAKE_TIMEOUT_SECONDS", "2"))) {
            assertEquals(200, harness.internal("PUT", "/internal/rooms/r1").status());
            // A socket stuck in its handshake holds the drain open (until the handshake timeout), leaving time to look.
            try (RawWebSocket pending = RawWebSocket.connectTcp(harness.server.port(), 0)) {
                harness.awaitPendingHandshakes(1);
                var stopped = harness.server.drain();
                assertTrue(harness.server.isDraining());

                Harness.Answer ready = harness.internal("GET", "/readyz", null);
                assertEquals(503, ready.status());
                assertEquals("draining", ready.json().getString("reason", null));
                assertEquals("draining", harness.status().getString("state", null));
                Harness.Answer admit = harness.internal("PUT", "/internal/rooms/r2");
                assertEquals(503, admit.status());
                assertEquals("server draining", admit.json().getString("error", null));
                try (TestClient late = harness.v2("alice", "r1")) {
                    TestClient.Close close = late.awaitClose();
                    assertEquals(1001, close.code());
                    assertEquals("server draining", close.reason());
                }

                stopped.get(20, TimeUnit.SECONDS);
                assertTrue(pending.readsToEnd(), "the drain ended with the stuck socket closed");
            }
            int port = harness.server.port();
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "the port is closed");
        }
    }

    @Test
    void drainIsBoundedByItsTimeout() throws Exception {
        try (Harness harness = Harness.start(Map.of("DRAIN_TIMEOUT_SECONDS", "1", "HANDSHAKE_TIMEOUT_SECONDS", "60"));
             RawWebSocket pending = RawWebSocket.connectTcp(harness.server.port(), 0)) {
            harness.awaitPendingHandshakes(1);
            harness.server.drain().get(20, TimeUnit.SECONDS);
            assertTrue(pending.readsToEnd(), "the server stopped and closed what was left");
        }
    }
}
