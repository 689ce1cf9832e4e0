package scalablechat.loadtest;

/**
 * The {@code scalable-chat.v2} protocol: one small JSON event per frame. Only the event's type (and an error's
 * code) is read out of the raw bytes; a message's tag is found by scanning, since nothing else in the event can
 * hold one (user ids, times and cids don't contain {@code #L}).
 */
final class V2Frames implements FrameReader {
    @Override
    public void read(byte[] frame, int offset, int length, ChatConnection receiver) {
        String type = JsonScan.string(frame, offset, length, "type");
        if (type == null) {
            receiver.badFrame();
            return;
        }
        switch (type) {
            case "message" -> {
                Marker marker = Marker.find(frame, offset, offset + length);
                if (marker != null) {
                    receiver.delivered(marker);
                }
            }
            case "welcome" -> receiver.welcomed();
            case "error" -> {
                String code = JsonScan.string(frame, offset, length, "code");
                receiver.serverError(code == null ? "" : code);
            }
            case "join", "leave", "ping", "typing" -> { }
            default -> receiver.badFrame();
        }
    }
}
