package scalablechat.loadtest.abuse;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What a flooding attacker was answered: its messages stored, its sends refused, and how it was closed. */
record FloodTally(int stored, int rateLimited, int roomRefusals, int closeCode) {
    /** Reads until the server closes the connection or {@code timeout} passes. */
    static FloodTally read(RawSocket socket, String userId, Duration timeout) throws IOException {
        return tally(socket, userId, Integer.MAX_VALUE, timeout);
    }

    /** Reads until {@code count} sends have their answer (stored or refused), the connection closes, or {@code timeout}. */
    static FloodTally answers(RawSocket socket, String userId, int count, Duration timeout) throws IOException {
        return tally(socket, userId, count, timeout);
    }

    private static FloodTally tally(RawSocket socket, String userId, int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stored = 0;
        int rateLimited = 0;
        int roomRefusals = 0;
        while (stored + rateLimited < count && System.nanoTime() < deadline) {
            RawSocket.Frame frame = socket.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (frame == null) {
                return new FloodTally(stored, rateLimited, roomRefusals, socket.isClosedByPeer() ? -1 : -2);
            }
            if (frame.opcode() == 8) {
                return new FloodTally(stored, rateLimited, roomRefusals, frame.closeCode());
            }
            if (frame.opcode() != 1) {
                continue;
            }
            JsonObject json = Json.parse(new String(frame.payload(), StandardCharsets.UTF_8)).asObject();
            String type = json.getString("type", "");
            if ("message".equals(type) && userId.equals(json.getString("userId", null))) {
                stored++;
            } else if ("error".equals(type) && "rate_limited".equals(json.getString("code", null))) {
                rateLimited++;
                if (json.getString("message", "").contains("room")) {
                    roomRefusals++;
                }
            }
        }
        return new FloodTally(stored, rateLimited, roomRefusals, -2);
    }
}
