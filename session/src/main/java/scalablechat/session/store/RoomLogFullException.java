package scalablechat.session.store;

import java.io.IOException;

/** An append refused because the room's log would grow past its size limit; nothing was written, no id taken. */
public final class RoomLogFullException extends IOException {
    public RoomLogFullException(String roomId, long maxBytes) {
        super("room " + roomId + ": its log has reached its limit of " + maxBytes + " bytes");
    }
}
