package scalablechat.common.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantilesTest {
    private static final double[] BOUNDS = {0.001, 0.01, 0.1};

    @Test
    void interpolatesInsideTheBucketOfTheRankBetweenTwoReadings() {
        Histogram histogram = new Histogram(BOUNDS);
        histogram.observe(0.0005); // before the first reading: not counted
        long[] before = histogram.cumulativeCounts();
        for (int i = 0; i < 50; i++) {
            histogram.observe(0.0005);
        }
        for (int i = 0; i < 50; i++) {
            histogram.observe(0.005);
        }
        long[] after = histogram.cumulativeCounts();
        assertEquals(0.001, Quantiles.between(BOUNDS, before, after, 0.5), 1e-12, "the median at the first bucket's top");
        assertEquals(0.001 + 0.009 * 49 / 50.0, Quantiles.between(BOUNDS, before, after, 0.99), 1e-12);
        assertEquals(0.0005, Quantiles.between(BOUNDS, before, after, 0.25), 1e-12);
    }

    @Test
    void beyondTheLastBoundGivesThatBoundAndNothingObservedGivesNaN() {
        Histogram histogram = new Histogram(BOUNDS);
        long[] before = histogram.cumulativeCounts();
        assertTrue(Double.isNaN(Quantiles.between(BOUNDS, before, histogram.cumulativeCounts(), 0.5)));
        histogram.observe(7);
        assertEquals(0.1, Quantiles.between(BOUNDS, before, histogram.cumulativeCounts(), 0.99));
        assertTrue(Double.isNaN(Quantiles.between(BOUNDS, new long[2], new long[2], 0.5)), "counts that do not fit the bounds");
    }
}
