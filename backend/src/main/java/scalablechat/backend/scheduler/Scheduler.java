package scalablechat.backend.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * Decides which session server hosts each room: the heart of the stateful routing pattern.
 * The backend stays stateless because everything it needs to route a client is behind this
 * interface. A new hosting platform is one new implementation.
 *
 * <p>Implementations are called concurrently from request threads (virtual threads), so they may block
 * on network calls, but must be thread-safe.
 */
public interface Scheduler extends AutoCloseable {

    /** Places a new room on a session server and returns its id. */
    String createRoom() throws NoCapacityException, SchedulerUnavailableException;

    /**
     * Where clients of {@code roomId} connect now, or empty when no such room exists.
     *
     * @throws SchedulerUnavailableException when the room exists but its server can't be reached
     *         right now (clients should retry)
     */
    Optional<RoomLocation> findRoom(String roomId) throws SchedulerUnavailableException;

    /** The session servers this scheduler knows, for the fleet view. */
    List<ServerView> fleet();

    /**
     * Whether rooms can be created and found now, for {@code GET /readyz}. Unless a scheduler knows
     * better, it is ready: its own calls then answer 503 when they can't be served.
     */
    default Readiness readiness() {
        return Readiness.READY;
    }

    @Override
    default void close() {}
}
