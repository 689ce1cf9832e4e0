package scalablechat.backend.scheduler;

import java.util.List;

/**
 * One session server as the fleet view shows it. {@code rooms} lists each hosted room; whether its
 * id is shown is decided by the API layer (room ids are secrets), not here. {@code traffic}: its counters as
 * of its last status, {@link Traffic#NONE} when not known (Hathora's servers are not polled).
 */
public record ServerView(String host, State state, int maxRooms, List<RoomView> rooms, Traffic traffic) {
    public enum State { STARTING, READY, DRAINING, DEAD }

    public ServerView(String host, State state, int maxRooms, List<RoomView> rooms) {
        this(host, state, maxRooms, rooms, Traffic.NONE);
    }

    public record RoomView(String roomId, int users, int connections) {}

    public int users() {
        return rooms.stream().mapToInt(RoomView::users).sum();
    }

    public int connections() {
        return rooms.stream().mapToInt(RoomView::connections).sum();
    }
}
