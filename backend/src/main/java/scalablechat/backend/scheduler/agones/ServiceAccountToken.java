package scalablechat.backend.scheduler.agones;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The pod's service-account token, read from its file and read again at least every {@link #REREAD}, and at once
 * after the API server refuses it: Kubernetes rotates projected tokens (hourly by default) by replacing the file.
 * The token is a secret: it is never logged, and {@link #toString()} does not show it.
 */
final class ServiceAccountToken {
    static final Duration REREAD = Duration.ofSeconds(30);

    private final Path file;
    private final LongSupplier nanoClock;
    private String token;
    private long readAtNanos;

    ServiceAccountToken(Path file, LongSupplier nanoClock) {
        this.file = file;
        this.nanoClock = nanoClock;
    }

    ServiceAccountToken(Path file) {
        this(file, System::nanoTime);
    }

    /** The current token; re-read when it is older than REREAD. */
    synchronized String get() throws IOException {
        long now = nanoClock.getAsLong();
        if (token == null || now - readAtNanos >= REREAD.toNanos()) {
            read(now);
        }
        return token;
    }

    /** The API server refused the token: read the file again now (it may have just rotated). */
    synchronized void refresh() throws IOException {
        read(nanoClock.getAsLong());
    }

    private void read(long now) throws IOException {
        String value = Files.readString(file).strip();
        if (value.isEmpty()) {
            throw new IOException("the service-account token file " + file + " is empty");
        }
        token = value;
        readAtNanos = now;
    }

    @Override
    public String toString() {
        return "ServiceAccountToken[" + file + "]";
    }
}
