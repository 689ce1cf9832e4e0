package scalablechat.backend.chaos;

import com.eclipsesource.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * One chaos run: a local stack, rooms with members that chat steadily and resume like the web client, the
 * faults of the settings one after another, then a quiet period for everyone to catch up, and the report.
 */
final class ChaosRun {
    /** The longest anyone waits for the members to be back (or caught up) before the run goes on regardless. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** How long to wait for what can't happen without durable history, to show that it doesn't. */
    static final Duration HOPELESS_PATIENCE = Duration.ofSeconds(5);
    /** How long members may take to notice that a fault cut their connection. */
    static final Duration NOTICE = Duration.ofSeconds(10);

    /**
     * A fault done: what, to whom, the rooms it hit (empty: all of them), when (ms since the run started,
     * and epoch ms).
     */
    record FaultDone(ChaosSettings.Fault fault, String victim, java.util.Set<String> rooms, long atRunMillis,
                     long atEpochMillis) {
        int roomsHit(int allRooms) {
            return rooms.isEmpty() ? allRooms : rooms.size();
        }
    }

    private final ChaosSettings settings;
    private final Path workDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random;
    private long started;

    private final ChaosStack.Starter starter;

    ChaosRun(ChaosSettings settings, Path workDir) {
        this(settings, workDir, LocalStack::start);
    }

    /** A run against the stack {@code starter} makes (the local scheduler's, or Agones'). */
    ChaosRun(ChaosSettings settings, Path workDir, ChaosStack.Starter starter) {
        this.settings = settings;
        this.workDir = workDir;
        this.random = new Random(settings.seed());
        this.starter = starter;
    }

    ChaosReport run() throws Exception {
        long started = System.currentTimeMillis();
        this.started = started;
        try (ChaosStack stack = starter.start(workDir, Map.of(
                "MIN_SERVERS", "1",
                "MAX_SERVERS", Integer.toString(settings.maxServers()),
                "ROOMS_PER_SERVER", Integer.toString(settings.roomsPerServer()),
                "USERS_PER_ROOM", Integer.toString(settings.usersPerRoom()),
                "DRAIN_TIMEOUT_SECONDS", "5"))) {
            List<ChatMember> members = new ArrayList<>();
            List<FaultDone> faults = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            FleetMonitor monitor = new FleetMonitor(stack::base, stack.tokens(), settings.usersPerRoom());
            Traffic traffic = null;
            try {
                for (int room = 0; room < settings.rooms(); room++) {
                    String creator = login(stack.base(), "r" + room + "m0");
                    String roomId = createRoom(stack.base(), creator);
                    for (int m = 0; m < settings.members(); m++) {
                        String userId = "r" + room + "m" + m;
                        members.add(new ChatMember(stack.base(), userId, login(stack.base(), userId), roomId, http));
                    }
                }
                progress("rooms created, members joining");
                await(() -> members.stream().allMatch(ChatMember::connected), "every member to join");
                progress("every member joined; traffic starts");
                traffic = new Traffic(members, settings.sendEvery());

                for (ChaosSettings.Fault fault : settings.faults()) {
                    Thread.sleep(settings.calm());
                    progress(fault.description);
                    // Without history on disk no room survives a backend restart: waiting long for it is pointless.
                    Duration patience = fault == ChaosSettings.Fault.RESTART && !stack.historyOnDisk()
                            ? HOPELESS_PATIENCE : PATIENCE;
                    FaultDone done = inject(fault, stack, monitor, started);
                    if (done == null) {
                        skipped.add(fault.description + " at " + (System.currentTimeMillis() - started) / 1000
                                + " s: no session server had a room open");
                        progress("skipped: no session server has a room open");
                        continue;
                    }
                    faults.add(done);
                    progress("done to " + done.victim() + " (rooms " + done.rooms() + ")");
                    List<ChatMember> hit = members.stream()
                            .filter(m -> done.rooms().isEmpty() || done.rooms().contains(m.roomId())).toList();
                    awaitFor(NOTICE, () -> hit.stream().allMatch(m -> m.lostConnectionSince(done.atEpochMillis())),
                            "the members of the rooms hit to notice");
                    awaitFor(patience, () -> members.stream().allMatch(ChatMember::connected), "every member to be back");
                    progress("every member is back");
                }
                Thread.sleep(settings.calm());
                traffic.close();
                traffic = null;
                progress("traffic stopped; waiting for every member to catch up");
                Duration patience = stack.historyOnDisk() ? PATIENCE : HOPELESS_PATIENCE;
                awaitFor(patience, () -> members.stream().allMatch(m -> m.connected() && m.unacknowledged() == 0),
                        "every message to be acknowledged");
                awaitFor(patience, () -> caughtUp(members), "every member to see every message");
                monitor.close();
                return new ChaosReport(settings, faults, skipped, members, monitor, stack.historyOnDisk(),
                        System.currentTimeMillis() - started);
            } finally {
                if (traffic != null) {
                    traffic.close();
                }
                monitor.close();
                members.forEach(ChatMember::close);
            }
        }
    }

    /** Does {@code fault}; null when there was nothing to do it to. */
    private FaultDone inject(ChaosSettings.Fault fault, ChaosStack stack, FleetMonitor monitor, long started)
            throws IOException, InterruptedException {
        if (fault == ChaosSettings.Fault.RESTART) {
            long at = System.currentTimeMillis();
            stack.restartBackend();
            return new FaultDone(fault, "backend", java.util.Set.of(), at - started, at);
        }
        List<Map.Entry<String, java.util.Set<String>>> hosting = new ArrayList<>();
        for (var entry : monitor.roomsByHost().entrySet()) {
            if (!entry.getValue().isEmpty()) {
                hosting.add(entry);
            }
        }
        hosting.sort(Map.Entry.comparingByKey()); // the same seed picks the same way
        if (hosting.isEmpty()) {
            return null; // after rooms were lost (no durable history), nothing may be open anywhere
        }
        var victim = hosting.get(random.nextInt(hosting.size()));
        long at = System.currentTimeMillis();
        if (fault == ChaosSettings.Fault.KILL) {
            if (!stack.killSessionServer(victim.getKey())) {
                throw new IllegalStateException("no process for " + victim.getKey());
            }
        } else {
            stack.drainSessionServer(victim.getKey());
        }
        return new FaultDone(fault, victim.getKey(), java.util.Set.copyOf(victim.getValue()), at - started, at);
    }

    /** Every member of each room has seen the same newest message. */
    private static boolean caughtUp(List<ChatMember> members) {
        Map<String, Long> newest = new java.util.HashMap<>();
        for (ChatMember member : members) {
            List<ChatMember.Message> history = member.history();
            newest.merge(member.roomId(), history.isEmpty() ? 0 : history.get(history.size() - 1).id(), Math::max);
        }
        return members.stream().allMatch(m -> {
            List<ChatMember.Message> history = m.history();
            return (history.isEmpty() ? 0 : history.get(history.size() - 1).id()) == newest.get(m.roomId());
        });
    }

    private void progress(String what) {
        System.out.printf(java.util.Locale.ROOT, "chaos +%.2fs: %s%n", (System.currentTimeMillis() - started) / 1000.0, what);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        awaitFor(PATIENCE, condition, what);
    }

    private static void awaitFor(Duration patience, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.err.println("chaos: gave up waiting for " + what + " after " + patience.toSeconds() + " s");
                return; // the report shows who is missing what
            }
            Thread.sleep(50);
        }
    }

    private String login(URI base, String userId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/login"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.object().add("userId", userId).toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("login answered " + response.statusCode() + " " + response.body());
        }
        return Json.parse(response.body()).asObject().getString("token", null);
    }

    private String createRoom(URI base, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/api/rooms"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("room creation answered " + response.statusCode() + " " + response.body());
        }
        return Json.parse(response.body()).asObject().getString("roomId", null);
    }

    /**
     * A member stops typing while this many of its messages wait for an acknowledgement, as a person
     * watching "reconnecting..." would; it keeps the resend after a long outage within the server's
     * send burst ({@code SEND_RATE_BURST}, 20).
     */
    static final int MAX_UNACKNOWLEDGED = 10;

    /** Steady traffic: each member sends a message every {@code every}, the members spread over it. */
    private static final class Traffic implements AutoCloseable {
        private final Thread thread;

        Traffic(List<ChatMember> members, Duration every) {
            long pauseNanos = every.toNanos() / members.size();
            thread = Thread.ofVirtual().name("chaos-traffic").start(() -> {
                int[] count = new int[members.size()];
                try {
                    while (true) {
                        for (int i = 0; i < members.size(); i++) {
                            if (members.get(i).unacknowledged() < MAX_UNACKNOWLEDGED) {
                                members.get(i).send("message " + (++count[i]) + " from " + members.get(i).userId());
                            }
                            Thread.sleep(Duration.ofNanos(pauseNanos));
                        }
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
