package scalablechat.loadtest;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReportFormatTest {
    private static Report sample() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1_500_000);
        h.record(2_000_000);
        return new Report().put("scenario", "burst").put("protocol", "v2").put("deliveries", 100_000L)
                .put("deliveriesPerSecond", 321_987.654321).putLatency("", h).put("bytesReceived", 670_000_000L)
                .put("errors", 0L).put("unexpectedCloses", 0L).put("held", true);
    }

    @Test
    void jsonIsOneLineWithEveryFigure() {
        String json = ReportFormat.json(sample());
        assertFalse(json.contains("\n"));
        JsonObject o = Json.parse(json).asObject();
        assertEquals("burst", o.getString("scenario", ""));
        assertEquals(100_000, o.getLong("deliveries", 0));
        assertEquals(321_987.654, o.getDouble("deliveriesPerSecond", 0), 1e-9);
        assertEquals(1.5, o.getDouble("p50Ms", 0), 0.03);
        assertEquals(2.0, o.getDouble("maxMs", 0), 1e-9);
        assertEquals(670_000_000L, o.getLong("bytesReceived", 0));
        assertTrue(o.getBoolean("held", false));
        assertEquals(List.of("scenario", "protocol", "deliveries", "deliveriesPerSecond", "p50Ms", "p90Ms", "p99Ms",
                "maxMs", "bytesReceived", "errors", "unexpectedCloses", "held"), o.names());
    }

    @Test
    void tableHasOneAlignedLinePerFigureInWords() {
        String table = ReportFormat.table(sample());
        String[] lines = table.split("\n");
        assertEquals(12, lines.length);
        assertEquals("  deliveries per second  321,988", lines[3]);
        assertTrue(table.contains("  p99 ms                 2.000\n"), table);
        assertTrue(table.contains("  bytes received         670,000,000\n"), table);
    }

    @Test
    void nestedRowsBecomeASubTable() {
        Report report = new Report().put("scenario", "ramp").putRows("steps", List.of(
                new Report().put("ratePerRoom", 10.0).put("p99Ms", 1.25).put("held", true),
                new Report().put("ratePerRoom", 15.0).put("p99Ms", 75.5).put("held", false)));
        String table = ReportFormat.table(report);
        assertTrue(table.contains("  steps:\n"), table);
        assertTrue(table.contains("rate per room  p99 ms   held"), table);
        assertTrue(table.contains("10.0   1.250   true"), table);
        JsonObject o = Json.parse(ReportFormat.json(report)).asObject();
        assertEquals(2, o.get("steps").asArray().size());
        assertFalse(o.get("steps").asArray().get(1).asObject().getBoolean("held", true));
    }

    @Test
    void keysBecomeWords() {
        assertEquals("deliveries per second", ReportFormat.words("deliveriesPerSecond"));
        assertEquals("p99 ms", ReportFormat.words("p99Ms"));
        assertEquals("rss per connection KB", ReportFormat.words("rssPerConnectionKB"));
        assertEquals("join p50 ms", ReportFormat.words("joinP50Ms"));
    }

    @Test
    void numbersAreReadable() {
        assertEquals("1,234,567", ReportFormat.text(1_234_567L));
        assertEquals("12,346", ReportFormat.text(12_345.6));
        assertEquals("12.3", ReportFormat.text(12.34));
        assertEquals("0.123", ReportFormat.text(0.1234));
        assertEquals(1.235, ReportFormat.round(1.23456));
    }

    @Test
    void nonFiniteFiguresBecomeZeroRatherThanInvalidJson() {
        String json = ReportFormat.json(new Report().put("scenario", "x").put("rate", Double.NaN));
        assertEquals(0.0, Json.parse(json).asObject().getDouble("rate", -1));
    }
}
