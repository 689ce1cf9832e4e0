package scalablechat.session.room;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms open on this server. Opening one is checked against ROOMS_PER_SERVER under a lock, so
 * concurrent admissions (backends, first joins) can never overfill the server; lookups take no lock.
 * A room leaves the registry when its log cannot be opened, or when it closes for idleness.
 */
public final class RoomRegistry {
    public enum Outcome { CREATED, EXISTING, FULL, DRAINING }

    /** The result of asking for a room; {@code room} is null when refused. */
    public record Admission(Outcome outcome, Room room) {}

    public interface RoomFactory {
        /**
         * A new room, not yet opened. {@code previousClosed} completes once an earlier room of the same id
         * in this process has released its log (at once when there was none).
         */
        Room create(String roomId, RoomRegistry registry, CompletableFuture<Void> previousClosed);
    }

    private static final CompletableFuture<Void> NOTHING_CLOSING = CompletableFuture.completedFuture(null);

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Rooms closed for idleness whose logs are still closing, by id. Guarded by this. */
    private final Map<String, CompletableFuture<Void>> closing = new HashMap<>();
    private volatile int maxRooms;
    private final RoomFactory roomFactory;
    /** Told the id of every room that leaves the registry (closed idle, or its log could not open). */
    private volatile java.util.function.Consumer<String> onLeft = roomId -> { };
    private volatile boolean draining;

    public RoomRegistry(int maxRooms, RoomFactory roomFactory) {
        this.maxRooms = maxRooms;
        this.roomFactory = roomFactory;
    }

    /** Opens {@code roomId} here unless it is open already, the server is full, or it drains. */
    public synchronized Admission admit(String roomId) {
        return admit(roomId, false);
    }

    /**
     * As {@link #admit}, for a connection that will join the room: the room is told to expect it, so it
     * does not close for idleness before the join arrives in its mailbox.
     */
    public synchronized Admission admitJoin(String roomId) {
        return admit(roomId, true);
    }

    private Admission admit(String roomId, boolean join) {
        if (draining) {
            return new Admission(Outcome.DRAINING, null);
        }
        Room existing = rooms.get(roomId);
        if (existing != null) {
            if (join) {
                existing.expectJoin();
            }
            return new Admission(Outcome.EXISTING, existing);
        }
        if (rooms.size() >= maxRooms) {
            return new Admission(Outcome.FULL, null);
        }
        Room room = roomFactory.create(roomId, this, closing.getOrDefault(roomId, NOTHING_CLOSING));
        rooms.put(roomId, room);
        if (join) {
            room.expectJoin();
        }
        room.open();
        return new Admission(Outcome.CREATED, room);
    }

    /** Takes out a room whose log could not be opened; the next admission tries again. */
    void remove(Room room) {
        if (rooms.remove(room.id(), room)) {
            onLeft.accept(room.id());
        }
    }

    /** Who hears of rooms leaving (the Agones agent frees their slots in the rooms list). */
    public void onRoomLeft(java.util.function.Consumer<String> listener) {
        this.onLeft = listener;
    }

    /** A new room cap (under Agones, the rooms list's capacity, read once the sidecar answers). */
    public void setMaxRooms(int maxRooms) {
        this.maxRooms = maxRooms;
    }

    /**
     * Takes out an idle room, freeing its slot, unless a connection is on its way to it. Called from the
     * room's mailbox; {@code closed} completes once its log is released, and a new room of the same id
     * waits for that before opening the log.
     */
    synchronized boolean retire(Room room, CompletableFuture<Void> closed) {
        if (room.expectedJoins() > 0 || !rooms.remove(room.id(), room)) {
            return false;
        }
        closing.put(room.id(), closed);
        closed.whenComplete((done, error) -> {
            synchronized (this) {
                closing.remove(room.id(), closed);
            }
        });
        onLeft.accept(room.id());
        return true;
    }

    public Room find(String roomId) {
        return rooms.get(roomId);
    }

    public Collection<Room> all() {
        return List.copyOf(rooms.values());
    }

    /** Logs of retired rooms that are still closing. */
    public synchronized Collection<CompletableFuture<Void>> stillClosing() {
        return new ArrayList<>(closing.values());
    }

    public int size() {
        return rooms.size();
    }

    public int maxRooms() {
        return maxRooms;
    }

    boolean isDraining() {
        return draining;
    }

    /** Refuses every later admission and returns the rooms open now. */
    public synchronized Collection<Room> startDraining() {
        draining = true;
        return all();
    }
}
