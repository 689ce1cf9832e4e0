package scalablechat.loadtest.abuse;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Attacks a running stack from outside, as anyone on the network could (issue 14), with two victims chatting in the
 * attacked room. After each attack both victims must still chat; at the end every message they were acknowledged
 * must still be in the room. Expects the stack's default limits.
 */
public final class AbuseSuite {
    /** One attack's outcome: what was seen, and whether the server held. */
    public record Row(String attack, String expected, String observed, boolean pass) {}

    private interface Attack {
        Observed run() throws Exception;
    }

    private record Observed(String text, boolean held) {}

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);
    /** The defaults these attacks run against (docs/CONFIG.md). */
    private static final int SEND_RATE = 10;
    private static final int SEND_BURST = 20;
    private static final int ROOM_BURST = 400;
    private static final int ROOM_RATE = 200;
    private static final int CREATES_PER_USER = 3;
    private static final int CREATES_PER_ADDRESS = 5;
    /** Another loopback address: attackers that must differ from the victims' address connect from it. */
    private static final String OTHER_ADDRESS = "127.0.0.2";

    private final Api api;
    private final boolean quick;
    private final List<Row> rows = new ArrayList<>();
    private String roomId;
    private String sessionHost;
    private int sessionPort;
    private Victim alice;
    private Victim bob;
    private int round;

    private AbuseSuite(URI backend, boolean quick) {
        this.api = new Api(backend);
        this.quick = quick;
    }

    /** Runs every attack ({@code quick}: the ones that take seconds, not minutes) and returns the table. */
    public static List<Row> run(URI backend, boolean quick) throws Exception {
        AbuseSuite suite = new AbuseSuite(backend, quick);
        try {
            return suite.runAll();
        } finally {
            suite.close();
        }
    }

    private List<Row> runAll() throws Exception {
        String ana = api.login("victim-ana");
        Api.Reply created = api.createRoom(ana, null);
        if (created.status() != 200) {
            throw new IOException("cannot create the victims' room: " + created.status() + " " + created.body());
        }
        roomId = created.json().getString("roomId", null);
        alice = Victim.join(api, "victim-alice", roomId);
        bob = Victim.join(api, "victim-bob", roomId);
        String host = api.lookup(ana, roomId).host();
        sessionHost = host.substring(0, host.lastIndexOf(':'));
        sessionPort = Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
        checkVictims();

        attack("endless continuation frames", "closed with 1009 before memory grows", this::endlessFragments);
        attack("1 GiB frame header", "closed with 1009", this::giantFrameHeader);
        attack("unmasked client frame", "closed with 1002", this::unmaskedFrame);
        attack("16 KiB upgrade request", "closed unanswered", this::oversizedHandshake);
        attack("100 silent sockets from one address", "a client from another address still joins", () -> silentSockets(100));
        attack("forged or misused session tokens", "every one refused (4401) before a welcome", this::badTokens);
        attack("send flood", "rate_limited, then closed with 1008; at most the burst plus the rate stored", this::sendFlood);
        attack("reconnect to refill the allowance", "at most one burst plus the rate stored", this::reconnectFlood);
        attack("30 names flood one room", "the room's cap refuses the excess", this::manyNames);
        attack("room creation flood", "429 with Retry-After; others still create rooms", this::creationFlood);
        attack("path traversal", "404, no file outside the client", this::pathTraversal);
        attack("1 MiB request body", "413", this::oversizedBody);
        attack("invisible user name", "400", this::invisibleName);
        attack("framing the app (clickjacking)", "CSP frame-ancestors 'none' and X-Frame-Options", this::framing);
        if (!quick) {
            attack("1,100 silent sockets from one address", "a client from another address still joins", () -> silentSockets(1100));
            attack("slowloris on the backend", "closed within the request time limit; others served", this::slowloris);
            attack("a member that never reads", "closed with 1008 slow consumer", this::slowReader);
        }
        rows.add(nothingLost());
        return rows;
    }

    private void attack(String name, String expected, Attack attack) {
        Observed observed;
        try {
            observed = attack.run();
        } catch (Exception e) {
            observed = new Observed("the attack itself failed: " + e, false);
        }
        String victims;
        boolean victimsFine;
        try {
            checkVictims();
            victims = "victims chat";
            victimsFine = true;
        } catch (Exception e) {
            victims = "VICTIMS: " + e.getMessage();
            victimsFine = false;
            rejoinVictims();
        }
        rows.add(new Row(name, expected, observed.text() + "; " + victims, observed.held() && victimsFine));
    }

    /** Both victims chat, and what alice was acknowledged can be read back under its id. */
    private void checkVictims() throws IOException {
        String text = "still here " + (++round);
        long id = alice.say(text);
        bob.hears(text);
        try (Victim reader = Victim.join(api, "victim-reader", roomId)) {
            JsonObject welcome = reader.connect(api, roomId, id - 1);
            JsonValue first = welcome.get("messages").asArray().isEmpty() ? null : welcome.get("messages").asArray().get(0);
            if (!welcome.getBoolean("recovered", false) || first == null || first.asObject().getLong("id", -1) != id
                    || !text.equals(first.asObject().getString("text", null))) {
                throw new IOException("message " + id + " cannot be read back: " + welcome);
            }
        }
    }

    private void rejoinVictims() {
        try {
            alice.connect(api, roomId, -1);
            bob.connect(api, roomId, -1);
        } catch (IOException e) {
            // the next check reports it
        }
    }

    /**
     * Every message the victims were acknowledged is still in the room, under its id. Ids older than the room's
     * in-memory history (ROOM_HISTORY_SIZE) can no longer be asked for with {@code since}; each was checked the same
     * way right after its attack (the victims' check), so they are counted apart.
     */
    private Row nothingLost() {
        TreeSet<Long> wanted = new TreeSet<>(alice.acknowledged());
        wanted.addAll(bob.acknowledged());
        int total = wanted.size();
        int beyondHistory = 0;
        try (Victim reader = Victim.join(api, "victim-reader", roomId)) {
            while (!wanted.isEmpty()) {
                long from = wanted.first();
                JsonObject welcome = reader.connect(api, roomId, from - 1);
                List<Long> ids = new ArrayList<>();
                for (JsonValue message : welcome.get("messages").asArray()) {
                    ids.add(message.asObject().getLong("id", -1));
                }
                if (!welcome.getBoolean("recovered", false)) {
                    long oldestHeld = ids.isEmpty() ? Long.MAX_VALUE : ids.get(0);
                    int before = wanted.size();
                    wanted.headSet(oldestHeld).clear();
                    if (wanted.size() == before) {
                        return lostRow(total, "message " + from + " is missing (recovered:false)");
                    }
                    beyondHistory += before - wanted.size();
                    continue;
                }
                int before = wanted.size();
                ids.forEach(wanted::remove);
                if (wanted.size() == before) {
                    return lostRow(total, "message " + from + " is missing");
                }
            }
            return new Row("afterwards", "every acknowledged message of the victims still there",
                    "all " + (total - beyondHistory) + " still in the room's history found"
                            + (beyondHistory > 0 ? "; " + beyondHistory + " older ones were found after their attack" : ""),
                    true);
        } catch (Exception e) {
            return lostRow(total, e.toString());
        }
    }

    private static Row lostRow(int total, String why) {
        return new Row("afterwards", "every acknowledged message of the victims still there", why + " (of " + total + ")", false);
    }

    /** An attacker's WebSocket in the victims' room, past the handshake and its welcome. */
    private RawSocket attacker(String userId, String localAddress) throws IOException {
        Api.Placement placement = api.lookup(api.login(userId), roomId);
        RawSocket socket = RawSocket.connect(sessionHost, sessionPort, localAddress);
        String head = socket.upgrade("/?token=" + URLEncoder.encode(placement.token(), StandardCharsets.UTF_8),
                placement.host(), Victim.PROTOCOL, Duration.ofSeconds(10));
        if (head == null || !head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("the attacker's own handshake failed: " + head);
        }
        RawSocket.Frame welcome = socket.read(Duration.ofSeconds(10));
        if (welcome == null || welcome.opcode() != 1) {
            socket.close();
            throw new IOException("the attacker got no welcome");
        }
        return socket;
    }

    private Observed endlessFragments() throws IOException {
        try (RawSocket socket = attacker("mallory-fragments", null)) {
            socket.frame(false, 1, "{\"type\":\"send\",\"text\":\"".getBytes(StandardCharsets.UTF_8), true);
            byte[] chunk = new byte[1024];
            long sent = 0;
            try {
                for (int i = 0; i < 100_000 && !socket.hasSomethingToRead(); i++) {
                    socket.frame(false, 0, chunk, true);
                    sent += chunk.length;
                }
            } catch (IOException closed) {
                // the server closed while we wrote: what it said is read below
            }
            int code = socket.awaitClose(CLOSE_WAIT);
            return new Observed(closeText(code) + " after " + sent / 1024 + " KiB of fragments", code == 1009
                    || code == -1 && sent < 1024 * 1024);
        }
    }

    private Observed giantFrameHeader() throws IOException {
        try (RawSocket socket = attacker("mallory-giant", null)) {
            socket.write(RawSocket.header(true, 1, 1L << 30, true));
            socket.write(new byte[4096]);
            int code = socket.awaitClose(CLOSE_WAIT);
            return new Observed(closeText(code), code == 1009);
        }
    }

    private Observed unmaskedFrame() throws IOException {
        try (RawSocket socket = attacker("mallory-unmasked", null)) {
            socket.frame(true, 1, "{\"type\":\"send\",\"text\":\"unmasked\"}".getBytes(StandardCharsets.UTF_8), false);
            int code = socket.awaitClose(CLOSE_WAIT);
            return new Observed(closeText(code), code == 1002);
        }
    }

    private Observed oversizedHandshake() throws IOException {
        try (RawSocket socket = RawSocket.connect(sessionHost, sessionPort, null)) {
            String request = "GET /?junk=" + "x".repeat(16 * 1024) + " HTTP/1.1\r\nHost: " + sessionHost + "\r\n\r\n";
            try {
                socket.write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException closed) {
                return new Observed("closed while it was being sent", true);
            }
            String head = socket.readHead(CLOSE_WAIT);
            boolean closed = head == null || socket.closedWithin(CLOSE_WAIT);
            boolean upgraded = head != null && head.startsWith("HTTP/1.1 101");
            return new Observed(head == null ? "closed unanswered" : "answered " + head.lines().findFirst().orElse(""),
                    closed && !upgraded);
        }
    }

    private Observed silentSockets(int count) throws Exception {
        List<RawSocket> silent = new ArrayList<>();
        try {
            int opened = 0;
            for (int i = 0; i < count; i++) {
                try {
                    silent.add(RawSocket.connect(sessionHost, sessionPort, OTHER_ADDRESS));
                    opened++;
                } catch (IOException refused) {
                    break;
                }
            }
            Thread.sleep(200); // let the server see them all
            try (Victim carol = Victim.join(api, "victim-carol", roomId)) {
                carol.say("carol got in past " + opened + " silent sockets");
            }
            long stillOpen = 0;
            for (RawSocket socket : silent) {
                if (!socket.isClosedByPeer()) {
                    stillOpen++;
                }
            }
            return new Observed(opened + " opened, " + stillOpen + " still open; a client from another address joined",
                    true);
        } finally {
            silent.forEach(RawSocket::close);
        }
    }

    private Observed badTokens() throws Exception {
        Api.Placement placement = api.lookup(api.login("mallory-tokens"), roomId);
        String token = placement.token();
        String[] parts = token.split("\\.");
        String flipped = parts[0] + "." + parts[1] + "." + flip(parts[2], parts[2].length() / 2);
        String lowBits = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1)
                + lowBitsTwin(parts[2].charAt(parts[2].length() - 1));
        String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        List<String> refused = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (String[] attempt : new String[][]{{"flipped signature", flipped}, {"non-canonical base64url", lowBits},
                {"alg none", none}, {"a user token instead of a session token", api.login("mallory-tokens")},
                {"no token", ""}}) {
            try (RawSocket socket = RawSocket.connect(sessionHost, sessionPort, null)) {
                String head = socket.upgrade("/?token=" + URLEncoder.encode(attempt[1], StandardCharsets.UTF_8),
                        placement.host(), Victim.PROTOCOL, CLOSE_WAIT);
                boolean welcomed = false;
                if (head != null && head.startsWith("HTTP/1.1 101")) {
                    RawSocket.Frame frame = socket.read(Duration.ofSeconds(5));
                    welcomed = frame != null && frame.opcode() == 1
                            && new String(frame.payload(), StandardCharsets.UTF_8).contains("\"welcome\"");
                    if (!welcomed && frame != null && frame.opcode() == 8) {
                        refused.add(attempt[0] + " " + frame.closeCode());
                        continue;
                    }
                }
                (welcomed ? accepted : refused).add(attempt[0]);
            }
        }
        return new Observed(accepted.isEmpty() ? "refused: " + String.join(", ", refused)
                : "ACCEPTED: " + String.join(", ", accepted), accepted.isEmpty());
    }

    /** {@code text} with one character changed. */
    private static String flip(String text, int at) {
        char c = text.charAt(at);
        return text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
    }

    /** Another base64url character that decodes to the same bytes when it is the last of an unpadded string. */
    private static char lowBitsTwin(char last) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        return alphabet.charAt(value ^ 1);
    }

    private static String base64(String json) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private Observed sendFlood() throws IOException {
        try (RawSocket socket = attacker("mallory-flood", null)) {
            long started = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < 500; sent++) {
                    socket.text("{\"type\":\"send\",\"text\":\"flood " + sent + "\",\"cid\":\"f" + sent + "\"}");
                }
            } catch (IOException closed) {
                // closed for flooding while we wrote
            }
            FloodTally tally = FloodTally.read(socket, "mallory-flood", CLOSE_WAIT);
            double seconds = (System.nanoTime() - started) / 1e9;
            long allowed = SEND_BURST + (long) Math.ceil(seconds * SEND_RATE) + 1;
            return new Observed(sent + " sent, " + tally.stored() + " acknowledged, " + tally.rateLimited() + " rate_limited, "
                    + closeText(tally.closeCode()), tally.closeCode() == 1008 && tally.stored() <= allowed);
        }
    }

    private Observed reconnectFlood() throws Exception {
        long started = System.nanoTime();
        int stored = 0;
        for (int i = 0; i < 10; i++) {
            try (RawSocket socket = attacker("mallory-reconnect", null)) {
                    for (int j = 0; j < 20; j++) {
                    socket.text("{\"type\":\"send\",\"text\":\"again " + i + "-" + j + "\",\"cid\":\"r" + i + "-" + j + "\"}");
                }
                stored += FloodTally.answers(socket, "mallory-reconnect", 20, CLOSE_WAIT).stored();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long allowed = SEND_BURST + (long) Math.ceil(seconds * SEND_RATE) + 1;
        return new Observed(stored + " stored over 10 reconnects in " + String.format("%.1f", seconds) + " s (at most "
                + allowed + ")", stored <= allowed);
    }

    private Observed manyNames() throws Exception {
        List<RawSocket> names = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                RawSocket socket = attacker("mallory-name-" + i, null);
                    names.add(socket);
            }
            long started = System.nanoTime();
            for (int i = 0; i < names.size(); i++) {
                for (int j = 0; j < SEND_BURST; j++) {
                    names.get(i).text("{\"type\":\"send\",\"text\":\"crowd " + i + "-" + j + "\",\"cid\":\"n" + j + "\"}");
                }
            }
            int stored = 0;
            int roomRefusals = 0;
            for (int i = 0; i < names.size(); i++) {
                FloodTally tally = FloodTally.answers(names.get(i), "mallory-name-" + i, SEND_BURST, CLOSE_WAIT);
                stored += tally.stored();
                roomRefusals += tally.roomRefusals();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long allowed = ROOM_BURST + (long) Math.ceil(seconds * ROOM_RATE) + 1;
            return new Observed((names.size() * SEND_BURST) + " sent by " + names.size() + " names, " + stored
                    + " stored, " + roomRefusals + " refused by the room's cap", stored <= allowed && roomRefusals > 0);
        } finally {
            names.forEach(RawSocket::close);
        }
    }

    private Observed creationFlood() throws IOException {
        String builder = api.login("mallory-builder");
        int byUser = 0;
        Api.Reply lastRefusal = null;
        for (int i = 0; i < 10; i++) {
            Api.Reply reply = api.createRoom(builder, null);
            if (reply.status() == 200) {
                byUser++;
            } else {
                lastRefusal = reply;
            }
        }
        int byNames = 0;
        for (int i = 0; i < 10; i++) {
            Api.Reply reply = api.createRoom(api.login("mallory-builder-" + i), null);
            if (reply.status() == 200) {
                byNames++;
            } else {
                lastRefusal = reply;
            }
        }
        // Behind a local proxy another client is another X-Forwarded-For address; here, this machine.
        Api.Reply bystander = api.createRoom(api.login("victim-dora"), "203.0.113.77");
        boolean retryAfter = lastRefusal != null && lastRefusal.status() == 429 && lastRefusal.retryAfter() != null;
        return new Observed("one user created " + byUser + " of 10, ten more names " + byNames + " of 10; refused with "
                + (lastRefusal == null ? "nothing" : lastRefusal.status() + " Retry-After " + lastRefusal.retryAfter())
                + "; a client from elsewhere got " + bystander.status(),
                byUser <= CREATES_PER_USER && byUser + byNames <= CREATES_PER_ADDRESS && retryAfter
                        && bystander.status() == 200);
    }

    private Observed pathTraversal() throws IOException {
        String[] paths = {"/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
                "/%252e%252e/%252e%252e/etc/passwd", "/static/..%5c..%5c..%5cetc%5cpasswd", "/.git/config"};
        List<String> leaks = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        URI base = api.base();
        for (String path : paths) {
            try (RawSocket socket = RawSocket.connect(base.getHost(), base.getPort(), null)) {
                socket.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                String head = socket.readHead(CLOSE_WAIT);
                String status = head == null ? "closed" : head.substring(9, 12);
                statuses.add(status);
                String rest = socket.readRest(Duration.ofSeconds(5));
                if (rest.contains("root:") || rest.contains("[core]") || "200".equals(status)) {
                    leaks.add(path + " -> " + status);
                }
            }
        }
        return new Observed(leaks.isEmpty() ? "answers " + String.join(" ", statuses) : "LEAKED " + leaks, leaks.isEmpty());
    }

    /** Over a raw socket: the server may answer 413 and close while the body is still coming, as it should. */
    private Observed oversizedBody() throws IOException {
        URI base = api.base();
        int length = 1024 * 1024;
        try (RawSocket socket = RawSocket.connect(base.getHost(), base.getPort(), null)) {
            socket.write(("POST /api/login HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            int sent = 0;
            try {
                while (sent < length && !socket.hasSomethingToRead()) {
                    socket.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException closed) {
                // refused while we wrote: what it said, if anything, is read below
            }
            String head = socket.readHead(CLOSE_WAIT);
            String status = head == null ? "closed before answering" : head.substring(9, 12);
            return new Observed("answered " + status + " after " + sent / 1024 + " KiB of the body",
                    "413".equals(status) || head == null && sent < length);
        }
    }

    private Observed invisibleName() throws IOException {
        Api.Reply reply = api.send("POST", "/api/login", Json.object().add("userId", "\u3164\u2800").toString(), null);
        return new Observed("answered " + reply.status() + " " + reply.error(), reply.status() == 400);
    }

    private Observed framing() throws IOException {
        URI base = api.base();
        try (RawSocket socket = RawSocket.connect(base.getHost(), base.getPort(), null)) {
            socket.write(("GET / HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String head = socket.readHead(CLOSE_WAIT);
            String lower = head == null ? "" : head.toLowerCase(java.util.Locale.ROOT);
            boolean csp = lower.contains("content-security-policy:") && lower.contains("frame-ancestors 'none'");
            boolean xfo = lower.contains("x-frame-options: deny");
            return new Observed((csp ? "CSP frame-ancestors 'none'" : "NO CSP frame-ancestors") + ", "
                    + (xfo ? "X-Frame-Options DENY" : "NO X-Frame-Options"), csp && xfo);
        }
    }

    private Observed slowloris() throws Exception {
        URI base = api.base();
        try (RawSocket socket = RawSocket.connect(base.getHost(), base.getPort(), null)) {
            socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    socket.write("X".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException reset) {
                    closed = true;
                    break;
                }
                closed = socket.closedWithin(Duration.ofSeconds(1));
                if (i == 3 && api.send("GET", "/healthz", null, null).status() != 200) {
                    return new Observed("another client was not served during the attack", false);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Observed(closed ? String.format("closed after %.0f s", seconds) : "still open after 30 s", closed);
        }
    }

    private Observed slowReader() throws Exception {
        try (RawSocket stalled = attacker("mallory-stalled", null)) {
            List<RawSocket> senders = new ArrayList<>();
            String text = "y".repeat(1000);
            try {
                for (int i = 0; i < 20; i++) {
                    senders.add(attacker("mallory-sender-" + i, null));
                }
                // About 200 messages a second (the room's cap) of 1 KB each reach the stalled member; its socket
                // buffers and the server's MAX_UNSENT_BYTES (1 MiB) fill within this.
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                int sent = 0;
                while (System.nanoTime() < deadline) {
                    for (RawSocket sender : senders) {
                        sender.text("{\"type\":\"send\",\"text\":\"" + text + "\"}");
                        sent++;
                    }
                    for (RawSocket sender : senders) {
                        sender.drain(); // the senders read, so only the stalled member falls behind
                    }
                    Thread.sleep(1000 / SEND_RATE);
                }
                String reason = stalled.closeReasonInBacklog(Duration.ofSeconds(30));
                return new Observed(sent + " messages sent meanwhile; the stalled member: " + reason,
                        !reason.equals("still open"));
            } finally {
                senders.forEach(RawSocket::close);
            }
        }
    }

    private static String closeText(int code) {
        return switch (code) {
            case -1 -> "connection ended without a close frame";
            case -2 -> "still open";
            default -> "closed with " + code;
        };
    }

    private void close() {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
        api.close();
    }
}
