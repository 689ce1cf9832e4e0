package scalablechat.backend;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The whole path a browser takes: login, create, look up, connect to the session server, chat. */
class ChatThroughBackendTest {
    static final int MESSAGES_PER_USER = 5;
    static final List<String> USERS = List.of("alice", "bob", "carol");

    @TempDir
    Path clientDir;
    SessionServers servers;
    BackendServer backend;
    TestHttp http;

    @BeforeEach
    void start() throws Exception {
        servers = SessionServers.start(2, 10);
        backend = TestServers.backend(servers.sessionServerHost(), clientDir);
        http = new TestHttp(backend.port());
    }

    @AfterEach
    void stop() {
        backend.close();
        servers.close();
    }

    private static List<String> texts(JsonObject snapshot) {
        List<String> texts = new ArrayList<>();
        for (JsonValue message : snapshot.get("messages").asArray()) {
            texts.add(message.asObject().getString("userId", "") + ":" + message.asObject().getString("msg", ""));
        }
        return texts;
    }

    private static Set<String> connected(JsonObject snapshot) {
        return snapshot.get("connectedUsers").asArray().values().stream().map(JsonValue::asString)
                .collect(Collectors.toSet());
    }

    @Test
    void threeUsersEachReceiveEveryMessageInOrder() throws Exception {
        String roomId = http.post("/api/rooms", "", http.login("alice")).json().getString("roomId", null);
        List<ChatClient> clients = new ArrayList<>();
        try {
            for (String user : USERS) {
                var lookup = http.get("/api/rooms/" + roomId, http.login(user));
                assertEquals(200, lookup.status(), lookup.body());
                clients.add(ChatClient.connect(lookup.json()));
            }
            for (ChatClient client : clients) {
                client.await(s -> connected(s).equals(Set.copyOf(USERS)), "all three users connected");
            }

            // Everyone talks at once; each user's own messages go out in order.
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> senders = new ArrayList<>();
                for (int u = 0; u < USERS.size(); u++) {
                    ChatClient client = clients.get(u);
                    senders.add(pool.submit(() -> {
                        for (int i = 0; i < MESSAGES_PER_USER; i++) {
                            client.send("message " + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> sender : senders) {
                    sender.get();
                }
            }

            int total = USERS.size() * MESSAGES_PER_USER;
            List<String> agreed = null;
            for (ChatClient client : clients) {
                List<String> last = texts(client.await(s -> texts(s).size() == total, total + " messages"));
                if (agreed == null) {
                    agreed = last;
                }
                assertEquals(agreed, last, "every user sees the same history");
                // Snapshots only ever grow: nothing a user saw is later missing or reordered.
                List<String> previous = List.of();
                for (JsonObject snapshot : client.snapshots()) {
                    List<String> now = texts(snapshot);
                    assertEquals(previous, now.subList(0, Math.min(previous.size(), now.size())));
                    previous = now;
                }
            }
            for (String user : USERS) {
                List<String> own = agreed.stream().filter(t -> t.startsWith(user + ":")).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < MESSAGES_PER_USER; i++) {
                    expected.add(user + ":message " + i);
                }
                assertEquals(expected, own, user + "'s messages in the order sent");
            }
        } finally {
            clients.forEach(ChatClient::close);
        }
    }
}
