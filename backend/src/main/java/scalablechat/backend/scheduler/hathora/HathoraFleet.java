package scalablechat.backend.scheduler.hathora;

import scalablechat.backend.scheduler.ServerView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this backend has seen of its Hathora fleet: the rooms it created since it started, grouped
 * by the process Hathora placed them in, with the process's public address once a lookup found it.
 * Hathora can't tell us cheaply which processes run or how busy their rooms are, so this view is
 * partial: rooms other backends created are missing, users are not counted, and a room Hathora
 * destroyed stays listed until a lookup sees it gone.
 */
final class HathoraFleet {
    /** Keeps memory bounded on a long-running backend; the oldest rooms drop out first. */
    static final int MAX_TRACKED_ROOMS = 10_000;
    /** Hathora doesn't report rooms-per-process to the backend. */
    static final int UNKNOWN_MAX_ROOMS = 0;

    private record Placement(String processId, String host) {}

    private final Map<String, Placement> rooms = new LinkedHashMap<>(); // guarded by this

    /** A room this backend created; {@code processId} and {@code host} may be null when unknown. */
    synchronized void created(String roomId, String processId, String host) {
        rooms.put(roomId, new Placement(processId, host));
        Iterator<String> oldest = rooms.keySet().iterator();
        while (rooms.size() > MAX_TRACKED_ROOMS) {
            oldest.next();
            oldest.remove();
        }
    }

    /** A lookup found {@code roomId} reachable at {@code host}. */
    synchronized void located(String roomId, String host) {
        rooms.computeIfPresent(roomId, (id, placement) -> new Placement(placement.processId(), host));
    }

    /** Hathora no longer knows {@code roomId}. */
    synchronized void gone(String roomId) {
        rooms.remove(roomId);
    }

    synchronized List<ServerView> view() {
        Map<String, List<Map.Entry<String, Placement>>> byProcess = new TreeMap<>();
        for (Map.Entry<String, Placement> room : rooms.entrySet()) {
            Placement placement = room.getValue();
            String key = placement.processId() != null ? "process " + placement.processId()
                    : placement.host() != null ? "host " + placement.host() : "unknown process";
            byProcess.computeIfAbsent(key, k -> new ArrayList<>()).add(room);
        }
        List<ServerView> servers = new ArrayList<>();
        byProcess.forEach((key, members) -> {
            String host = members.stream().map(m -> m.getValue().host()).filter(h -> h != null).findFirst().orElse(null);
            List<ServerView.RoomView> roomViews = members.stream()
                    .map(m -> new ServerView.RoomView(m.getKey(), 0, 0))
                    .toList();
            servers.add(new ServerView(host != null ? host : key,
                    host != null ? ServerView.State.READY : ServerView.State.STARTING,
                    UNKNOWN_MAX_ROOMS, roomViews));
        });
        servers.sort(Comparator.comparing(ServerView::host));
        return List.copyOf(servers);
    }
}
