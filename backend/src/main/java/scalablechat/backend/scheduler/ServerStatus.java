package scalablechat.backend.scheduler;

import scalablechat.common.contract.InternalApi;

import java.util.List;

/** What a session server says about itself on {@code GET /internal/status}. */
public record ServerStatus(boolean draining, int rooms, int maxRooms, List<ServerView.RoomView> roomList, Traffic traffic) {
    ServerStatus(boolean draining, int rooms, int maxRooms, List<ServerView.RoomView> roomList) {
        this(draining, rooms, maxRooms, roomList, Traffic.NONE);
    }

    public boolean hasRoomForMore() {
        return !draining && rooms < maxRooms;
    }

    /** The scheduler's view of a status answer ({@link InternalApi.Status}). */
    static ServerStatus of(InternalApi.Status status) {
        List<ServerView.RoomView> rooms = status.roomList().stream()
                .map(room -> new ServerView.RoomView(room.roomId(), room.users(), room.connections()))
                .toList();
        return new ServerStatus(status.draining(), status.rooms(), status.maxRooms(), rooms, Traffic.of(status.traffic()));
    }
}
