package scalablechat.session;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The rooms open on this server. Opening one is checked against ROOMS_PER_SERVER under a lock, so
 * concurrent admissions (backends, first joins) can never overfill the server; lookups take no lock.
 */
final class RoomRegistry {
    enum Outcome { CREATED, EXISTING, FULL, DRAINING }

    /** The result of asking for a room; {@code room} is null when refused. */
    record Admission(Outcome outcome, Room room) {}

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final int maxRooms;
    private final Function<String, Room> roomFactory;
    private volatile boolean draining;

    RoomRegistry(int maxRooms, Function<String, Room> roomFactory) {
        this.maxRooms = maxRooms;
        this.roomFactory = roomFactory;
    }

    /** Opens {@code roomId} here unless it is open already, the server is full, or it drains. */
    synchronized Admission admit(String roomId) {
        if (draining) {
            return new Admission(Outcome.DRAINING, null);
        }
        Room existing = rooms.get(roomId);
        if (existing != null) {
            return new Admission(Outcome.EXISTING, existing);
        }
        if (rooms.size() >= maxRooms) {
            return new Admission(Outcome.FULL, null);
        }
        Room room = roomFactory.apply(roomId);
        rooms.put(roomId, room);
        return new Admission(Outcome.CREATED, room);
    }

    Room find(String roomId) {
        return rooms.get(roomId);
    }

    Collection<Room> all() {
        return List.copyOf(rooms.values());
    }

    int size() {
        return rooms.size();
    }

    int maxRooms() {
        return maxRooms;
    }

    boolean isDraining() {
        return draining;
    }

    /** Refuses every later admission and returns the rooms open now. */
    synchronized Collection<Room> startDraining() {
        draining = true;
        return all();
    }
}
