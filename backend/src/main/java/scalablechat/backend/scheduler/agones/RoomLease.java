package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import scalablechat.common.RoomIds;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A Kubernetes Lease ({@code coordination.k8s.io/v1}) per room being placed again, so that of several backend
 * replicas that find a room's server gone at the same moment, exactly one places it: creating an object that
 * exists is refused (409) by the API server, which is the only thing the replicas share. The winner deletes the
 * lease once the room is placed; a lease left by a replica that died is taken over after {@link #DURATION}.
 */
final class RoomLease {
    /** Longer than a placement can take (AgonesConfig.CREATE_DEADLINE), so a live holder's lease never expires. */
    static final Duration DURATION = Duration.ofSeconds(30);

    private final KubernetesApi api;
    private final String path;
    private final String identity = "backend-" + RoomIds.random(10);

    RoomLease(KubernetesApi api, AgonesConfig config) {
        this.api = api;
        this.path = "/apis/coordination.k8s.io/v1/namespaces/" + config.namespace() + "/leases";
    }

    /** True when this replica now holds the room's lease; false when another live replica does. */
    boolean acquire(String roomId) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = Instant.now();
            JsonObject lease = Json.object()
                    .add("apiVersion", "coordination.k8s.io/v1").add("kind", "Lease")
                    .add("metadata", Json.object().add("name", name(roomId)))
                    .add("spec", Json.object().add("holderIdentity", identity)
                            .add("leaseDurationSeconds", (int) DURATION.toSeconds())
                            .add("acquireTime", now.toString()).add("renewTime", now.toString()));
            KubernetesApi.Reply created = api.post(path, lease);
            if (created.status() == 201 || created.status() == 200) {
                return true;
            }
            if (created.status() != 409) {
                throw new IOException("creating lease " + name(roomId) + " answered " + created.status());
            }
            KubernetesApi.Reply existing = api.get(path + "/" + name(roomId));
            if (existing.status() == 404) {
                continue; // released meanwhile: try again
            }
            if (existing.status() != 200) {
                throw new IOException("reading lease " + name(roomId) + " answered " + existing.status());
            }
            if (!expired(existing.object(), now)) {
                return false;
            }
            // Its holder died mid-placement: remove exactly that lease (not a newer one) and try again.
            String version = GameServer.object(existing.object().get("metadata")).getString("resourceVersion", "");
            api.delete(path + "/" + name(roomId), Json.object().add("kind", "DeleteOptions").add("apiVersion", "v1")
                    .add("preconditions", Json.object().add("resourceVersion", version)));
        }
        return false;
    }

    void release(String roomId) {
        try {
            api.delete(path + "/" + name(roomId), null);
        } catch (IOException e) {
            // It expires on its own after DURATION.
        }
    }

    private static boolean expired(JsonObject lease, Instant now) {
        JsonObject spec = GameServer.object(lease.get("spec"));
        try {
            Instant renewed = Instant.parse(spec.getString("renewTime", spec.getString("acquireTime", "")));
            int seconds = spec.getInt("leaseDurationSeconds", (int) DURATION.toSeconds());
            return renewed.plusSeconds(seconds).isBefore(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    static String name(String roomId) {
        return "scalable-chat-room-" + roomId.toLowerCase(java.util.Locale.ROOT);
    }
}
