package scalablechat.session.store;

/**
 * Told of each batch a room log's writer commits: what the server's metrics show of the disk. Called on
 * the log's writer thread, before the batch's appends complete, so it must be quick and never throw.
 */
public interface CommitListener {
    /** Listens to nothing. */
    CommitListener NONE = new CommitListener() {
        @Override
        public void committed(int messages, int bytes, long syncNanos, long commitNanos) {
        }

        @Override
        public void failed(int messages) {
        }
    };

    /**
     * A batch is durable: {@code messages} appends, {@code bytes} of records in one write. {@code syncNanos}
     * is the time of its fsync, or -1 when the policy does not sync; {@code commitNanos} the whole commit,
     * from taking the batch to just before completing its appends.
     */
    void committed(int messages, int bytes, long syncNanos, long commitNanos);

    /** A batch of {@code messages} appends could not be written or synced; each of them is refused. */
    void failed(int messages);
}
