package scalablechat.loadtest;

import java.util.ArrayDeque;

/**
 * The original protocol: every frame is a whole-room snapshot whose {@code messages} list holds the newest 100
 * messages, oldest first. The receiver gets a snapshot after every message, so the new messages are the tail of
 * the list after the newest one it has already seen. Scanning tags backwards from the end of the frame finds
 * them without decoding or parsing up to 13 KB of JSON per delivery, which keeps the tool far cheaper than the
 * server that builds and sends those snapshots.
 */
final class OriginalFrames implements FrameReader {
    @Override
    public void read(byte[] frame, int offset, int length, ChatConnection receiver) {
        receiver.welcomed();
        ArrayDeque<Marker> fresh = new ArrayDeque<>();
        int end = offset + length;
        for (int at = Marker.lastIndexOf(frame, offset, end); at >= 0; at = Marker.lastIndexOf(frame, offset, at)) {
            Marker marker = Marker.parseAt(frame, at, offset + length);
            if (marker == null) {
                continue;
            }
            if (receiver.hasSeen(marker.seq())) {
                break;
            }
            fresh.push(marker);
        }
        for (Marker marker : fresh) {
            receiver.delivered(marker);
        }
    }
}
