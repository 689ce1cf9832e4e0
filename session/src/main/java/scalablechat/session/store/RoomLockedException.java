package scalablechat.session.store;

import java.io.IOException;

/** Another {@link RoomLog} (in this process or in another one) has the room's log open. */
public final class RoomLockedException extends IOException {
    public RoomLockedException(String message) {
        super(message);
    }
}
