package scalablechat.common.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricRegistryTest {

    @Test
    void countersAndGaugesAreWrittenWithHelpAndType() {
        MetricRegistry registry = new MetricRegistry();
        Counter sent = registry.counter("chat_sent_total", "Messages sent");
        Gauge open = registry.gauge("chat_open", "Open things");
        registry.gauge("chat_computed", "Computed at scrape", () -> 2.5);
        sent.add(3);
        sent.increment();
        open.set(7);
        open.decrement();

        assertEquals("""
                # HELP chat_sent_total Messages sent
                # TYPE chat_sent_total counter
                chat_sent_total 4
                # HELP chat_open Open things
                # TYPE chat_open gauge
                chat_open 6
                # HELP chat_computed Computed at scrape
                # TYPE chat_computed gauge
                chat_computed 2.5
                """, registry.scrape());
    }

    @Test
    void labeledChildrenAreSortedAndEscaped() {
        MetricRegistry registry = new MetricRegistry();
        Family<Counter> requests = registry.counterFamily("http_requests_total", "Requests, with a \\ and a\nnewline",
                "route", "status");
        requests.labels("/b", "200").increment();
        requests.labels("/a \"quoted\" \\ back\nslash", "404").add(2);
        requests.labels("/b", "200").increment();

        String text = registry.scrape();
        assertEquals("""
                # HELP http_requests_total Requests, with a \\\\ and a\\nnewline
                # TYPE http_requests_total counter
                http_requests_total{route="/a \\"quoted\\" \\\\ back\\nslash",status="404"} 2
                http_requests_total{route="/b",status="200"} 2
                """, text);
        PrometheusScrape scrape = PrometheusScrape.parse(text);
        assertEquals(2, scrape.value("http_requests_total", "route", "/a \"quoted\" \\ back\nslash", "status", "404"));
        assertEquals("Requests, with a \\ and a\nnewline", scrape.help("http_requests_total"));
    }

    @Test
    void histogramBucketsAreCumulativeWithInclusiveBounds() {
        MetricRegistry registry = new MetricRegistry();
        Histogram latency = registry.histogram("op_seconds", "How long", 0.001, 0.01, 1);
        latency.observe(0.0005);
        latency.observe(0.001); // exactly on a bound: that bucket
        latency.observe(0.5);
        latency.observe(7);
        latency.observeNanos(2_000_000); // 0.002 s

        assertEquals("""
                # HELP op_seconds How long
                # TYPE op_seconds histogram
                op_seconds_bucket{le="0.001"} 2
                op_seconds_bucket{le="0.01"} 3
                op_seconds_bucket{le="1"} 4
                op_seconds_bucket{le="+Inf"} 5
                op_seconds_sum 7.5035
                op_seconds_count 5
                """, registry.scrape());
        assertEquals(5, latency.count());
    }

    @Test
    void labeledHistogramsPutLeLast() {
        MetricRegistry registry = new MetricRegistry();
        Family<Histogram> family = registry.histogramFamily("req_seconds", "Per route", Buckets.seconds(), "route");
        family.labels("/x").observe(0.003);
        PrometheusScrape scrape = PrometheusScrape.parse(registry.scrape());
        assertEquals(1, scrape.value("req_seconds_bucket", "route", "/x", "le", "0.005"));
        assertEquals(0, scrape.value("req_seconds_bucket", "route", "/x", "le", "0.0025"));
        assertEquals(1, scrape.value("req_seconds_count", "route", "/x"));
        assertTrue(registry.scrape().contains("req_seconds_bucket{route=\"/x\",le=\"0.0001\"} 0\n"));
    }

    @Test
    void gaugeFamiliesShowWhatTheSupplierGives() {
        MetricRegistry registry = new MetricRegistry();
        registry.gaugeFamily("servers", "Servers by state", List.of("state"),
                () -> Map.of(List.of("ready"), 2, List.of("dead"), 0));
        assertEquals("""
                # HELP servers Servers by state
                # TYPE servers gauge
                servers{state="dead"} 0
                servers{state="ready"} 2
                """, registry.scrape());
    }

    @Test
    void valuesAreSpelledAsTheFormatWants() {
        assertEquals("NaN", TextFormat.number(Double.NaN));
        assertEquals("+Inf", TextFormat.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", TextFormat.number(Double.NEGATIVE_INFINITY));
        assertEquals("3", TextFormat.number(3.0));
        assertEquals("-0.25", TextFormat.number(-0.25));
        assertEquals("1.0E20", TextFormat.number(1e20));
        assertEquals("1795825666.913", TextFormat.number(1795825666.913));
        assertEquals("0.012494819", TextFormat.number(0.012494819));
        assertEquals("1.5E-7", TextFormat.number(1.5e-7));
        assertEquals("0.0001", TextFormat.bound(0.0001));
        assertEquals("120", TextFormat.bound(120));
        assertEquals("2.5", TextFormat.bound(2.5));
    }

    @Test
    void badNamesAndMisuseAreRefused() {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("ok_total", "fine");
        assertThrows(IllegalArgumentException.class, () -> registry.counter("ok_total", "twice"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("no_suffix", "counters end in _total"));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("gauge_total", "only counters end in _total"));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("bad-name", "dash"));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("9lives", "digit first"));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("no_help", " "));
        assertThrows(IllegalArgumentException.class, () -> registry.counterFamily("a_total", "x", "bad-label"));
        assertThrows(IllegalArgumentException.class, () -> registry.counterFamily("b_total", "x", "__reserved"));
        assertThrows(IllegalArgumentException.class, () -> registry.counterFamily("c_total", "x", "same", "same"));
        assertThrows(IllegalArgumentException.class, () -> registry.histogramFamily("h", "x", new double[]{1}, "le"));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h2", "x", 2, 1));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h3", "x"));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h4", "x", 1, Double.POSITIVE_INFINITY));
        registry.histogram("lat", "x", 1);
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("lat_count", "taken by the histogram"));
        Family<Counter> family = registry.counterFamily("d_total", "x", "one", "two");
        assertThrows(IllegalArgumentException.class, () -> family.labels("only one"));
        assertThrows(IllegalArgumentException.class, () -> family.labels("a", null));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("e_total", "x").add(-1));
        PrometheusScrape.parse(registry.scrape()); // what was registered is still well formed
    }

    /** Many writers while scrapes run: every scrape is well formed, and nothing is lost. */
    @Test
    void concurrentRecordingAndScraping() throws Exception {
        MetricRegistry registry = new MetricRegistry();
        Counter counter = registry.counter("events_total", "events");
        Histogram histogram = registry.histogram("event_seconds", "durations", Buckets.seconds());
        Family<Counter> family = registry.counterFamily("kinds_total", "by kind", "kind");
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counter.increment();
                    histogram.observe((i % 1000) / 1000.0);
                    family.labels("k" + (i % 3 + id % 2)).increment();
                }
            }));
        }
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread scraper = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                try {
                    PrometheusScrape.parse(registry.scrape());
                } catch (Throwable e) {
                    failures.add(e);
                    return;
                }
            }
        });
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        done.set(true);
        scraper.join();
        assertEquals(List.of(), failures);
        PrometheusScrape scrape = PrometheusScrape.parse(registry.scrape());
        assertEquals(threads * perThread, scrape.value("events_total"));
        assertEquals(threads * perThread, scrape.value("event_seconds_count"));
        assertEquals(threads * perThread, scrape.sum("kinds_total"));
    }
}
