package scalablechat.session;

import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;
import scalablechat.session.transport.WriteObserver;
import scalablechat.common.metrics.PrometheusScrape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /metrics on the internal port: well formed, and its numbers follow the traffic. */
@SuppressWarnings("try") // clients stay open for the whole block on purpose
class SessionMetricsTest {
    /** More unsent bytes than the sender in aStalledReaderShowsAsUnsentBytes ever has. */
    private static final int STALLED_BYTES = 64 * 1024;

    /** Every metric docs/OPERATIONS.md promises, with its type. */
    private static final Map<String, String> PROMISED = Map.ofEntries(
            Map.entry("session_rooms", "gauge"), Map.entry("session_max_rooms", "gauge"),
            Map.entry("session_users", "gauge"), Map.entry("session_connections", "gauge"),
            Map.entry("session_sockets", "gauge"), Map.entry("session_pending_handshakes", "gauge"),
            Map.entry("session_draining", "gauge"), Map.entry("session_mailbox_tasks", "gauge"),
            Map.entry("session_mailbox_tasks_max", "gauge"), Map.entry("session_unsent_bytes", "gauge"),
            Map.entry("session_unsent_bytes_max", "gauge"),
            Map.entry("session_connections_opened_total", "counter"),
            Map.entry("session_connections_unauthorized_total", "counter"),
            Map.entry("session_messages_received_total", "counter"),
            Map.entry("session_messages_stored_total", "counter"),
            Map.entry("session_duplicates_acknowledged_total", "counter"),
            Map.entry("session_deliveries_total", "counter"),
            Map.entry("session_frames_queued_total", "counter"),
            Map.entry("session_sent_bytes_total", "counter"),
            Map.entry("session_socket_writes_total", "counter"),
            Map.entry("session_stranded_writes_total", "counter"),
            Map.entry("session_received_bytes_total", "counter"),
            Map.entry("session_delivery_queued_seconds", "histogram"),
            Map.entry("session_delivery_written_seconds", "histogram"),
            Map.entry("session_delivery_samples_abandoned_total", "counter"),
            Map.entry("session_input_rejected_total", "counter"),
            Map.entry("session_rate_limited_total", "counter"),
            Map.entry("session_flood_disconnects_total", "counter"),
            Map.entry("session_slow_consumer_disconnects_total", "counter"),
            Map.entry("session_room_full_total", "counter"),
            Map.entry("session_server_full_total", "counter"),
            Map.entry("session_per_ip_refusals_total", "counter"),
            Map.entry("session_pending_handshake_refusals_total", "counter"),
            Map.entry("session_handshake_timeouts_total", "counter"),
            Map.entry("session_storage_failures_total", "counter"),
            Map.entry("session_room_open_failures_total", "counter"),
            Map.entry("session_store_sync_seconds", "histogram"),
            Map.entry("session_store_commit_seconds", "histogram"),
            Map.entry("session_store_batch_messages", "histogram"),
            Map.entry("session_store_written_bytes_total", "counter"),
            Map.entry("session_store_failed_batches_total", "counter"),
            Map.entry("session_store_waiting_appends", "gauge"),
            Map.entry("session_store_waiting_appends_max", "gauge"),
            Map.entry("process_cpu_seconds_total", "counter"),
            Map.entry("process_start_time_seconds", "gauge"),
            Map.entry("jvm_memory_used_bytes", "gauge"),
            Map.entry("jvm_threads_live", "gauge"));

    @Test
    void aScrapeIsWellFormedAndHasEveryMetric() throws Exception {
        try (Harness harness = Harness.start(Map.of("ROOMS_PER_SERVER", "7"))) {
            Harness.Answer answer = harness.internal("GET", "/metrics", null);
            assertEquals(200, answer.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    answer.response().headers().firstValue("Content-Type").orElse(null));
            PrometheusScrape scrape = PrometheusScrape.parse(answer.response().body());
            PROMISED.forEach((name, type) -> assertEquals(type, scrape.type(name), name));
            for (String name : scrape.metrics()) {
                assertNotNull(scrape.help(name), name);
            }
            assertEquals(0, scrape.value("session_rooms"));
            assertEquals(7, scrape.value("session_max_rooms"));
            assertEquals(0, scrape.value("session_draining"));
            assertTrue(scrape.value("jvm_memory_used_bytes", "area", "heap") > 0);
            assertEquals(405, harness.internal("POST", "/metrics", null).status());
        }
    }

    @Test
    void numbersFollowTheTraffic() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1", "SEND_RATE_BURST", "10",
                "FLOOD_STRIKES", "1000", "FSYNC", "always"));
             TestClient alice = harness.joinedV2("alice", "r1");
             TestClient olga = harness.original("olga", "r1")) {
            olga.nextJson(); // its first snapshot
            harness.awaitConnections("r1", 2);
            PrometheusScrape before = scrape(harness);
            assertEquals(1, before.value("session_rooms"));
            assertEquals(2, before.value("session_users"));
            assertEquals(2, before.value("session_connections"));
            assertEquals(2, before.value("session_sockets"));
            assertEquals(2, before.value("session_connections_opened_total"));
            assertEquals(0, before.value("session_messages_stored_total"));

            for (int i = 0; i < 5; i++) {
                alice.sendV2("from alice " + i, "c" + i);
            }
            for (int i = 0; i < 3; i++) {
                olga.send("from olga " + i);
            }
            // Each member gets all 8: alice as message events (among olga's join), olga as snapshots.
            awaitFrames(alice, 8, frame -> "message".equals(frame.getString("type", null)));
            awaitFrames(olga, 8, frame -> true);

            // A message is timed once queued to every member, which may be just after they have it.
            awaitValue(harness, "session_delivery_queued_seconds_count", count -> count == 8);
            PrometheusScrape after = scrape(harness);
            assertEquals(8, after.value("session_messages_received_total"));
            assertEquals(8, after.value("session_messages_stored_total"));
            assertEquals(16, after.value("session_deliveries_total"), "8 messages to 2 members");
            assertTrue(after.value("session_delivery_queued_seconds_sum") > 0);
            assertTrue(after.value("session_frames_queued_total") >= before.value("session_frames_queued_total") + 16);
            assertTrue(after.value("session_sent_bytes_total") > before.value("session_sent_bytes_total") + 8 * 50,
                    "at least the messages' text went out");
            assertTrue(after.value("session_received_bytes_total") > before.value("session_received_bytes_total") + 8 * 10);
            // Every stored message went through one batch of the room's log, each batch synced once.
            double batches = after.value("session_store_batch_messages_count");
            assertTrue(batches >= 1 && batches <= 8, "8 messages in 1 to 8 batches: " + batches);
            assertEquals(8, after.value("session_store_batch_messages_sum"));
            assertEquals(batches, after.value("session_store_sync_seconds_count"), "FSYNC=always: one sync per batch");
            assertEquals(batches, after.value("session_store_commit_seconds_count"));
            assertTrue(after.value("session_store_written_bytes_total") > 8 * 10);
            assertEquals(0, after.value("session_store_failed_batches_total"));
            assertEquals(0, after.value("session_store_waiting_appends"));
            // The first message is always followed to its last written byte; the report may trail the client's read.
            awaitValue(harness, "session_delivery_written_seconds_count", count -> count >= 1);
            PrometheusScrape followed = scrape(harness);
            assertTrue(followed.value("session_delivery_written_seconds_count")
                    + followed.value("session_delivery_samples_abandoned_total") <= 8, "at most one sample per message");

            // Alice has 5 sends left in her burst of 10 (and gains 1 a second): of 30 more, some are
            // refused, each answered with an error frame.
            int more = 30;
            for (int i = 0; i < more; i++) {
                alice.sendV2("more " + i, null);
            }
            int limited = 0;
            for (int i = 0; i < more; i++) {
                JsonObject frame = alice.nextJson();
                if ("error".equals(frame.getString("type", null))) {
                    assertEquals("rate_limited", frame.getString("code", null));
                    limited++;
                }
            }
            assertTrue(limited >= 1, "some sends were over the rate");
            PrometheusScrape limitedScrape = scrape(harness);
            assertEquals(limited, limitedScrape.value("session_rate_limited_total"));
            assertEquals(8 + more, limitedScrape.value("session_messages_received_total"));
            assertEquals(8 + more - limited, limitedScrape.value("session_messages_stored_total"));

            alice.close();
            harness.awaitConnections("r1", 1);
            assertEquals(1, scrape(harness).value("session_users"));
        }
    }

    /**
     * A reader that stops reading shows in the queue-depth gauges, and the delivery sample it held up is
     * abandoned when it goes.
     */
    @Test
    void aStalledReaderShowsAsUnsentBytes() throws Exception {
        try (Harness harness = Harness.start(Map.of("SEND_RATE_PER_SECOND", "1000000", "SEND_RATE_BURST", "1000000",
                "MAX_UNSENT_BYTES", "67108864"));
             TestClient sender = harness.joinedV2("sender", "r1")) {
            String query = "token=" + URLEncoder.encode(harness.token("stalled", "r1"), StandardCharsets.UTF_8);
            RawWebSocket stalled = RawWebSocket.open(harness.server.port(), query, Harness.V2, 4096);
            harness.awaitConnections("r1", 2);
            String text = "x".repeat(1000);
            int sent = 0;
            long acknowledged = 0;
            // Kernel buffers take a few MB before the server's own queue grows. The sender keeps reading,
            // so it never has more than its window (32 KB) unsent: a larger figure is the stalled reader's.
            while (scrape(harness).value("session_unsent_bytes_max") < STALLED_BYTES) {
                assertTrue(sent < 40_000, "the stalled reader's bytes never queued up");
                for (int i = 0; i < 500; i++) {
                    sender.sendV2(text, null);
                    sent++;
                    while (sent - acknowledged > 32) {
                        JsonObject frame = sender.nextJson();
                        if ("message".equals(frame.getString("type", null))) {
                            acknowledged = frame.getLong("id", 0);
                        }
                    }
                }
            }
            // Two more messages, further apart than a socket's samples (WriteObserver.INTERVAL), so that a
            // sample is surely waiting for the stalled reader's copy.
            for (int i = 0; i < 2; i++) {
                String last = "one more " + i;
                sender.sendV2(last, null);
                while (!last.equals(sender.nextJson().getString("text", null))) {
                    // earlier echoes
                }
                Thread.sleep(2 * WriteObserver.INTERVAL.toMillis());
            }
            PrometheusScrape stuck = scrape(harness);
            assertTrue(stuck.value("session_unsent_bytes") >= stuck.value("session_unsent_bytes_max"));
            assertTrue(stuck.value("session_mailbox_tasks") >= stuck.value("session_mailbox_tasks_max"));
            double abandonedBefore = stuck.value("session_delivery_samples_abandoned_total");
            stalled.close();
            harness.awaitConnections("r1", 1);
            awaitValue(harness, "session_unsent_bytes_max", value -> value < 1000);
            awaitValue(harness, "session_delivery_samples_abandoned_total", value -> value > abandonedBefore);
        }
    }

    private static PrometheusScrape scrape(Harness harness) throws Exception {
        return PrometheusScrape.parse(harness.internal("GET", "/metrics", null).response().body());
    }

    private static void awaitValue(Harness harness, String name, Predicate<Double> wanted) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        double value;
        while (!wanted.test(value = scrape(harness).value(name))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " stayed at " + value);
            }
            Thread.sleep(20);
        }
    }

    private static List<JsonObject> awaitFrames(TestClient client, int count, Predicate<JsonObject> counted)
            throws InterruptedException {
        List<JsonObject> frames = new java.util.ArrayList<>();
        while (frames.size() < count) {
            JsonObject frame = client.nextJson();
            if (counted.test(frame)) {
                frames.add(frame);
            }
        }
        return frames;
    }
}
