package scalablechat.session.room;

/**
 * Whether a room that is not open here may open on a client's join. Without a scheduler that keeps its own record
 * of rooms, a valid session token is enough ({@link #OPEN}); under Agones, the room must be in this server's rooms
 * list, or the token be fresh from a backend that has just allocated the room here. Called on Java-WebSocket's
 * threads: it must answer at once, from memory.
 */
@FunctionalInterface
public interface RoomGate {
    RoomGate OPEN = (roomId, issuedAtSeconds) -> true;

    /** {@code issuedAtSeconds}: when the backend signed the client's session token. */
    boolean mayOpen(String roomId, long issuedAtSeconds);
}
