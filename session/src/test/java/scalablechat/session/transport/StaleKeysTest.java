package scalablechat.session.transport;

import org.junit.jupiter.api.Test;
import scalablechat.common.metrics.MetricRegistry;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java-WebSocket leaves every key it selected for writing in the selector's selected-key set, so each later pass
 * of its loop asks all those sockets again whether they have something to write. The guard clears the set after a
 * pass with a read: sockets written long ago cost nothing when others talk.
 */
class StaleKeysTest {
    private static final int QUIET_CLIENTS = 50;
    private static final int MESSAGES = 20;

    @Test
    void socketsTheSelectorWroteOnceAreNotAskedAgainOnEveryPass() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        List<TransportHarness.Client> clients = new ArrayList<>();
        try (TransportHarness harness = TransportHarness.start(registry)) {
            try {
                for (int i = 0; i < QUIET_CLIENTS; i++) {
                    TransportHarness.Client client = harness.connect();
                    clients.add(client);
                    assertEquals("{\"type\":\"hello\"}", client.next()); // the handshake and the hello: the selector wrote both
                }
                TransportHarness.Client talker = clients.getFirst();
                long before = harness.counter(registry, "session_idle_write_checks_total");
                for (int i = 0; i < MESSAGES; i++) {
                    talker.socket.sendText("{\"n\":" + i + "}", true).join();
                    assertEquals("{\"n\":" + i + "}", talker.next()); // one read pass of the selector each
                }
                long checks = harness.counter(registry, "session_idle_write_checks_total") - before;
                // Left selected, the 50 quiet sockets would each be asked twice per pass: about 2,000 checks.
                assertTrue(checks < 2L * QUIET_CLIENTS * 3, "the selector asked idle sockets " + checks + " times");
            } finally {
                clients.forEach(TransportHarness.Client::close);
            }
        }
    }
}
