package scalablechat.backend.scheduler.agones;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fleet's GameServers as this backend sees them, kept by the Kubernetes way: list them once, then watch for
 * changes from the list's resourceVersion, reading one JSON event per line. A watch that ends is started again
 * from the last version seen; one whose version is too old (an {@code ERROR} event with code 410 in a 200
 * stream) or a list that answers 410 starts over with a fresh list. Until the first list has come back the map
 * is not complete, and {@link #isSynced()} says so. Runs on its own virtual thread.
 */
final class GameServerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GameServerWatch.class.getName());
    /** Pause after a failed list or watch before the next try; doubles up to the cap. */
    static final Duration RETRY_MIN = Duration.ofMillis(200);
    static final Duration RETRY_MAX = Duration.ofSeconds(5);

    private final KubernetesApi api;
    private final String path;
    private final String listName;
    private final Thread thread;
    private volatile Map<String, GameServer> servers = Map.of();
    private volatile boolean synced;
    private volatile boolean running = true;
    private String resourceVersion;

    GameServerWatch(KubernetesApi api, AgonesConfig config) {
        this.api = api;
        this.listName = config.roomsList();
        this.path = "/apis/agones.dev/v1/namespaces/" + config.namespace() + "/gameservers?labelSelector="
                + URLEncoder.encode("agones.dev/fleet=" + config.fleet(), StandardCharsets.UTF_8);
        this.thread = Thread.ofVirtual().name("agones-watch").start(this::run);
    }

    /** Whether the first list has come back: before that, a room missing from {@link #servers()} may still exist. */
    boolean isSynced() {
        return synced;
    }

    /** The GameServers by name, as of the last event (about a second behind the SDK's list changes). */
    Map<String, GameServer> servers() {
        return servers;
    }

    /** A fresh list from the API server, bypassing the watch (which may lag): for decisions that must not be stale. */
    Map<String, GameServer> listNow() throws IOException {
        return list().servers();
    }

    private record Listed(Map<String, GameServer> servers, String resourceVersion) {}

    private Listed list() throws IOException {
        KubernetesApi.Reply reply = api.get(path);
        if (reply.status() != 200) {
            throw new IOException("listing GameServers answered " + reply.status() + ": " + brief(reply.body()));
        }
        Map<String, GameServer> byName = new LinkedHashMap<>();
        JsonValue items = reply.object().get("items");
        if (items != null && items.isArray()) {
            for (JsonValue item : items.asArray()) {
                GameServer server = GameServer.fromJson(GameServer.object(item), listName);
                byName.put(server.name(), server);
            }
        }
        String version = GameServer.object(reply.object().get("metadata")).getString("resourceVersion", null);
        return new Listed(Map.copyOf(byName), version);
    }

    private void run() {
        Duration pause = RETRY_MIN;
        boolean needList = true;
        while (running) {
            try {
                if (needList) {
                    Listed listed = list();
                    servers = listed.servers();
                    resourceVersion = listed.resourceVersion();
                    synced = true;
                    needList = false;
                }
                needList = !watch();
                pause = RETRY_MIN;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "GameServer watch: " + e.getMessage() + "; again in " + pause.toMillis() + " ms");
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : pause.multipliedBy(2);
            }
        }
    }

    /** Watches until the stream ends; false when the version is too old and a fresh list is needed. */
    private boolean watch() throws IOException {
        boolean[] expired = {false};
        String query = path + "&watch=1&allowWatchBookmarks=true"
                + (resourceVersion != null ? "&resourceVersion=" + URLEncoder.encode(resourceVersion, StandardCharsets.UTF_8) : "");
        int status = api.watch(query, line -> {
            if (!expired[0] && !line.isBlank()) {
                expired[0] = !apply(line);
            }
        });
        if (status == 410) {
            return false;
        }
        if (status != 200) {
            throw new IOException("watching GameServers answered " + status);
        }
        return !expired[0];
    }

    /** Applies one watch event; false for an ERROR event that says the version is gone (410). */
    private boolean apply(String line) {
        JsonObject event;
        try {
            event = Json.parse(line).asObject();
        } catch (ParseException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "GameServer watch: an event that is not JSON: " + brief(line));
            return true;
        }
        String type = event.getString("type", "");
        JsonObject object = GameServer.object(event.get("object"));
        if ("ERROR".equals(type)) {
            JsonValue code = object.get("code");
            if (code != null && code.isNumber() && code.asInt() == 410) {
                return false;
            }
            LOG.log(System.Logger.Level.WARNING, "GameServer watch: error event " + brief(line));
            return true;
        }
        String version = GameServer.object(object.get("metadata")).getString("resourceVersion", null);
        if (version != null) {
            resourceVersion = version;
        }
        if ("BOOKMARK".equals(type)) {
            return true;
        }
        GameServer server = GameServer.fromJson(object, listName);
        Map<String, GameServer> next = new LinkedHashMap<>(servers);
        switch (type) {
            case "ADDED", "MODIFIED" -> next.put(server.name(), server);
            case "DELETED" -> next.remove(server.name());
            default -> {
                return true;
            }
        }
        servers = Map.copyOf(next);
        return true;
    }

    /** The servers that hold {@code roomId}, up and not draining, by name: the first is the one clients use. */
    static List<GameServer> holders(Map<String, GameServer> servers, String roomId) {
        List<GameServer> holding = new ArrayList<>();
        for (GameServer server : servers.values()) {
            if (server.isUp() && !server.draining() && server.host() != null && server.rooms().contains(roomId)) {
                holding.add(server);
            }
        }
        holding.sort(java.util.Comparator.comparing(GameServer::name));
        return holding;
    }

    private static String brief(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
