package scalablechat.loadtest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * This disk's own {@code fdatasync} latency, measured the way a room log syncs (append a small record, then
 * {@code force(false)}): a durable message cannot be acknowledged faster than this, so the bench prints it next to
 * the durable latencies. Usage: {@code java -cp loadtest.jar scalablechat.loadtest.DiskSync DIR [SYNCS]}; prints one
 * JSON line.
 */
public final class DiskSync {
    static final int DEFAULT_SYNCS = 500;
    /** About one chat message as a room log stores it. */
    private static final int RECORD_BYTES = 120;

    private DiskSync() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        int syncs = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SYNCS;
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "disk-sync-", ".log");
        double[] millis = new double[syncs];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
            for (int i = 0; i < syncs; i++) {
                record.clear();
                channel.write(record);
                long started = System.nanoTime();
                channel.force(false);
                millis[i] = (System.nanoTime() - started) / 1e6;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(millis);
        System.out.printf(java.util.Locale.ROOT,
                "{\"scenario\":\"disk\",\"label\":\"disk\",\"syncs\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f}%n",
                syncs, millis[syncs / 2], millis[(int) Math.ceil(syncs * 0.99) - 1], millis[syncs - 1]);
    }
}
