package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MediansTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Medians.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, Medians.median(List.of(4.0, 1.0, 3.0, 2.0)));
        assertTrue(Double.isNaN(Medians.median(List.of())));
    }

    @Test
    void groupsRunsByLabelAndSkipsOtherLines() throws IOException {
        String output = """
                burst (v2, 10 rooms x 100 users, http://127.0.0.1:8080)
                  deliveries per second  300,000
                {"scenario":"burst","label":"burst v2","protocol":"v2","deliveriesPerSecond":300000.0,"p99Ms":9.0}
                {"scenario":"burst","label":"burst v2","protocol":"v2","deliveriesPerSecond":100000.0,"p99Ms":30.0}
                {"scenario":"burst","label":"burst v2","protocol":"v2","deliveriesPerSecond":200000.0,"p99Ms":20.0}
                {"scenario":"idle","protocol":"v2","heapPerConnectionKB":3.5,"problems":"close 1006 x1"}
                {"not":"a report"}
                {broken
                """;
        var runs = Medians.read(new StringReader(output));
        assertEquals(4, runs.size());
        String table = Medians.table(runs);
        assertTrue(table.contains("### burst v2 (3 runs)"), table);
        assertTrue(table.contains("| deliveries per second | 200,000 | 100,000 | 300,000 |"), table);
        assertTrue(table.contains("| p99 ms | 20.0 | 9.000 | 30.0 |"), table);
        assertTrue(table.contains("### idle v2 (1 run)"), table);
        assertTrue(table.contains("| heap per connection KB | 3.500 | 3.500 | 3.500 |"), table);
        assertTrue(table.contains("| problems | close 1006 x1 | | |"), table);
    }
}
