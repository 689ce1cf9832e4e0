package scalablechat.common.metrics;

/**
 * A quantile of the observations a histogram made between two readings, estimated the way Prometheus'
 * {@code histogram_quantile} does: find the bucket the rank falls in and interpolate linearly inside it.
 * The backend uses it to chart the session servers' delivery latency from their bucket counts.
 */
public final class Quantiles {
    private Quantiles() {}

    /**
     * @param upperBounds the buckets' bounds, ascending
     * @param before      cumulative counts at the earlier reading (one more than the bounds: the last is the total)
     * @param after       cumulative counts at the later reading
     * @param q           the quantile, from 0 to 1
     * @return the estimate, or NaN when nothing was observed between the readings (or they do not fit together);
     *         a rank beyond the last bound gives that bound, the most a histogram can tell
     */
    public static double between(double[] upperBounds, long[] before, long[] after, double q) {
        if (before.length != upperBounds.length + 1 || after.length != before.length || q < 0 || q > 1) {
            return Double.NaN;
        }
        long total = after[after.length - 1] - before[before.length - 1];
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < upperBounds.length; i++) {
            long upTo = after[i] - before[i];
            if (upTo >= rank && upTo > below) {
                double lower = i == 0 ? 0 : upperBounds[i - 1];
                return lower + (upperBounds[i] - lower) * (rank - below) / (upTo - below);
            }
            below = upTo;
        }
        return upperBounds[upperBounds.length - 1];
    }
}
