package scalablechat.common.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The format checker the servers' tests rely on must itself refuse bad scrapes. */
class PrometheusScrapeTest {
    private static final String HEAD = "# HELP h x\n# TYPE h histogram\n";

    @Test
    void readsAWellFormedScrape() {
        PrometheusScrape scrape = PrometheusScrape.parse("""
                # HELP a_total A counter
                # TYPE a_total counter
                a_total{k="v\\"w"} 3
                # HELP g A gauge
                # TYPE g gauge
                g -1.5e3
                # HELP h A histogram
                # TYPE h histogram
                h_bucket{le="0.5"} 1
                h_bucket{le="+Inf"} 2
                h_sum 0.75
                h_count 2
                """);
        assertEquals(3, scrape.value("a_total", "k", "v\"w"));
        assertEquals(-1500, scrape.value("g"));
        assertEquals(2, scrape.value("h_count"));
        assertEquals("histogram", scrape.type("h"));
    }

    @Test
    void refusesMalformedLines() {
        bad("");
        bad("# HELP g x\n# TYPE g gauge\ng 1"); // no final newline
        bad("# HELP g x\n# TYPE g gauge\n\ng 1\n"); // empty line
        bad("g 1\n"); // no TYPE
        bad("# HELP g x\ng 1\n"); // HELP only
        bad("# TYPE g gauge\ng 1\n"); // TYPE only
        bad("# HELP g x\n# TYPE g gauge\n# TYPE g gauge\ng 1\n");
        bad("# HELP g x\n# TYPE g wibble\ng 1\n");
        bad("# HELP g x\n# TYPE g gauge\ng one\n");
        bad("# HELP g x\n# TYPE g gauge\ng 1 12345\n"); // timestamp
        bad("# HELP g x\n# TYPE g gauge\ng{k=\"v} 1\n");
        bad("# HELP g x\n# TYPE g gauge\ng{k=\"\\t\"} 1\n");
        bad("# HELP g x\n# TYPE g gauge\ng{k=v} 1\n");
        bad("# HELP g x\n# TYPE g gauge\ng{k=\"a\",k=\"b\"} 1\n");
        bad("# HELP g x\n# TYPE g gauge\ng{a-b=\"1\"} 1\n");
        bad("# HELP g x\n# TYPE g gauge\ng 1\ng 2\n"); // same series twice
        bad("# HELP g x\n# TYPE g gauge\n# HELP f y\n# TYPE f gauge\nf 1\ng 1\n"); // g's lines split
        bad("# HELP c_total x\n# TYPE c_total counter\nc_total -1\n");
        bad("# HELP g x \\q\n# TYPE g gauge\ng 1\n");
        bad("# a stray comment\n");
    }

    @Test
    void refusesMalformedHistograms() {
        bad(HEAD + "h_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"); // not cumulative
        bad(HEAD + "h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n"); // no +Inf
        bad(HEAD + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n"); // +Inf != count
        bad(HEAD + "h_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n");
        bad(HEAD + "h_bucket{le=\"+Inf\"} 1\nh_count 1\n"); // no sum
        bad(HEAD + "h_bucket 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"); // bucket without le
        bad(HEAD + "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\nh_max 3\n");
    }

    private static void bad(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusScrape.parse(text),
                () -> "accepted: " + text);
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }
}
