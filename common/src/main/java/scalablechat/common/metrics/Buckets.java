package scalablechat.common.metrics;

/** Bucket bounds shared by both servers, so that their histograms can be read side by side. */
public final class Buckets {
    /**
     * Durations, in seconds: from 100 µs (a message fanned out on one machine) to 2 minutes (a room
     * lookup waiting for a Hathora process to start).
     */
    private static final double[] SECONDS = {
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10, 30, 120};

    /** Counts of things handled together (messages in one disk write), in powers of two up to 4096. */
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

    private Buckets() {}

    public static double[] seconds() {
        return SECONDS.clone();
    }

    public static double[] batchSizes() {
        return BATCH_SIZES.clone();
    }
}
