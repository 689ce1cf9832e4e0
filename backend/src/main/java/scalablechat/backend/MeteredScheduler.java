package scalablechat.backend;

import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.Readiness;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.Scheduler;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;

import java.util.List;
import java.util.Optional;

/**
 * Counts and times what the backend asks of its scheduler (rooms created, lookups by result, failures),
 * whichever scheduler it is, and passes everything through unchanged.
 */
final class MeteredScheduler implements Scheduler {
    private static final String CREATE = "create";
    private static final String FIND = "find";

    private final Scheduler scheduler;
    private final BackendMetrics metrics;

    MeteredScheduler(Scheduler scheduler, BackendMetrics metrics) {
        this.scheduler = scheduler;
        this.metrics = metrics;
    }

    @Override
    public String createRoom() throws NoCapacityException, SchedulerUnavailableException {
        long started = System.nanoTime();
        try {
            String roomId = scheduler.createRoom();
            metrics.roomsCreated.increment();
            return roomId;
        } catch (NoCapacityException e) {
            metrics.schedulerErrors.labels(CREATE, "no_capacity").increment();
            throw e;
        } catch (SchedulerUnavailableException e) {
            metrics.schedulerErrors.labels(CREATE, "unavailable").increment();
            throw e;
        } catch (RuntimeException e) {
            metrics.schedulerErrors.labels(CREATE, "internal").increment();
            throw e;
        } finally {
            metrics.schedulerSeconds.labels(CREATE).observeNanos(System.nanoTime() - started);
        }
    }

    @Override
    public Optional<RoomLocation> findRoom(String roomId) throws SchedulerUnavailableException {
        long started = System.nanoTime();
        try {
            Optional<RoomLocation> location = scheduler.findRoom(roomId);
            metrics.lookups.labels(location.isPresent() ? "found" : "unknown").increment();
            return location;
        } catch (SchedulerUnavailableException e) {
            metrics.lookups.labels("unavailable").increment();
            metrics.schedulerErrors.labels(FIND, "unavailable").increment();
            throw e;
        } catch (RuntimeException e) {
            metrics.lookups.labels("error").increment();
            metrics.schedulerErrors.labels(FIND, "internal").increment();
            throw e;
        } finally {
            metrics.schedulerSeconds.labels(FIND).observeNanos(System.nanoTime() - started);
        }
    }

    @Override
    public List<ServerView> fleet() {
        return scheduler.fleet();
    }

    @Override
    public Readiness readiness() {
        return scheduler.readiness();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
