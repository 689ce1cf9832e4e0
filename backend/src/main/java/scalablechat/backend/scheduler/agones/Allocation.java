package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;

/**
 * A {@code GameServerAllocation} that puts one room on a session server, and what its answer means. Rooms go onto
 * already-allocated servers with a free slot before a Ready server is taken (Agones' high-density pattern); both
 * selectors skip draining servers. Relies on Agones Lists, beta (on by default) since Agones 1.41.
 */
final class Allocation {
    /** What the API server answered to one allocation. */
    enum Outcome {
        /** The room is on {@link Result#server()}. */
        PLACED,
        /** No server had a free slot (or another request of the same 500 ms batch took the last one). */
        UNALLOCATED,
        /** Contention, a 409 conflict, 429 or a 5xx: worth trying again soon. */
        BUSY,
        /** A server was allocated but its list did not take the id (it filled up meanwhile): try again. */
        NOT_ADDED,
        /** Anything else (403 from RBAC, 404 without Agones, 422): trying again will not help. */
        REFUSED
    }

    record Result(Outcome outcome, GameServer server, String detail) {}

    private Allocation() {}

    static JsonObject request(AgonesConfig config, String roomId) {
        JsonObject lists = Json.object().add(config.roomsList(), Json.object().add("addValues", Json.array().add(roomId)));
        return Json.object()
                .add("apiVersion", "allocation.agones.dev/v1")
                .add("kind", "GameServerAllocation")
                .add("spec", Json.object()
                        .add("scheduling", "Packed")
                        // Within a node, the fullest server first: rooms pack, so empty servers can scale down.
                        .add("priorities", Json.array().add(Json.object().add("type", "List")
                                .add("key", config.roomsList()).add("order", "Ascending")))
                        .add("selectors", Json.array()
                                .add(selector(config, "Allocated"))
                                .add(selector(config, "Ready")))
                        .add("lists", lists));
    }

    private static JsonObject selector(AgonesConfig config, String state) {
        JsonArray notDraining = Json.array().add(Json.object()
                .add("key", GameServer.DRAINING_LABEL).add("operator", "DoesNotExist"));
        return Json.object()
                .add("matchLabels", Json.object().add("agones.dev/fleet", config.fleet()))
                .add("matchExpressions", notDraining)
                .add("gameServerState", state)
                .add("lists", Json.object().add(config.roomsList(), Json.object().add("minAvailable", 1)));
    }

    static Result result(KubernetesApi.Reply reply, AgonesConfig config, String roomId) {
        int status = reply.status();
        if (status == 409 || status == 429 || status >= 500) {
            return new Result(Outcome.BUSY, null, status + ": " + brief(reply.body()));
        }
        if (status != 201 && status != 200) {
            return new Result(Outcome.REFUSED, null, status + ": " + brief(reply.body()));
        }
        JsonObject object = reply.object();
        JsonObject allocated = GameServer.object(object.get("status"));
        String state = allocated.getString("state", "");
        switch (state) {
            case "UnAllocated" -> {
                return new Result(Outcome.UNALLOCATED, null, state);
            }
            case "Contention" -> {
                return new Result(Outcome.BUSY, null, state);
            }
            case "Allocated" -> { }
            default -> {
                return new Result(Outcome.BUSY, null, "state " + state);
            }
        }
        // The allocation's status has the GameServer's fields where a GameServer has them, and its name apart.
        JsonObject asServer = Json.object()
                .add("metadata", Json.object().add("name", allocated.getString("gameServerName", "")))
                .add("status", Json.object()
                        .add("state", "Allocated")
                        .add("address", allocated.getString("address", ""))
                        .add("ports", allocated.get("ports") != null ? allocated.get("ports") : Json.array())
                        .add("lists", allocated.get("lists") != null ? allocated.get("lists") : Json.object()));
        GameServer server = GameServer.fromJson(asServer, config.roomsList());
        if (!server.rooms().contains(roomId)) {
            return new Result(Outcome.NOT_ADDED, server, "the rooms list of " + server.name() + " did not take the id");
        }
        return new Result(Outcome.PLACED, server, state);
    }

    private static String brief(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
