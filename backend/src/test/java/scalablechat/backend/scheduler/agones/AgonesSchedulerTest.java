package scalablechat.backend.scheduler.agones;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Issue 13: the Agones scheduler against a fake Kubernetes API with Agones, as two backend replicas would use it. */
class AgonesSchedulerTest {
    static final String SECRET = "test-secret-for-agones-tests-0123456789abcdef";

    @TempDir
    Path dir;
    FakeAgones agones;
    Path tokenFile;
    final List<AgonesScheduler> replicas = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        agones = new FakeAgones("chat", "scalable-chat", "token-1");
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, "token-1\n");
    }

    @AfterEach
    void stop() {
        replicas.forEach(AgonesScheduler::close);
        agones.close();
    }

    AgonesConfig config() {
        return AgonesConfig.from(Map.of("KUBERNETES_API", agones.uri().toString(),
                "KUBERNETES_TOKEN_FILE", tokenFile.toString(), "AGONES_NAMESPACE", "chat"));
    }

    AgonesScheduler replica() throws Exception {
        AgonesScheduler scheduler = new AgonesScheduler(config(), SECRET);
        replicas.add(scheduler);
        await(() -> scheduler.readiness().ready(), "the replica listed the fleet");
        return scheduler;
    }

    static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void roomsPackOntoAllocatedServersFirstAndAnyReplicaFindsThemAtOnce() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 2, "node-1");
        agones.addGameServer("gs-b", "10.0.0.2", 7002, 2, "node-1");
        AgonesScheduler first = replica();
        AgonesScheduler second = replica();
        agones.delayWatch(3000); // the second replica's map lags well behind

        String r1 = first.createRoom();
        assertTrue(r1.matches("[a-z2-9]{16}-[a-z2-9]{8}"), r1);
        String r2 = first.createRoom();
        assertEquals(agones.holders(r1), agones.holders(r2), "the second room joins the allocated server with a free slot");
        String r3 = first.createRoom();
        assertEquals(1, agones.holders(r3).size());
        assertFalse(agones.holders(r3).equals(agones.holders(r1)), "the full server is passed over");

        for (String room : List.of(r1, r2, r3)) {
            String host = agones.holders(room).getFirst().equals("gs-a") ? "10.0.0.1:7001" : "10.0.0.2:7002";
            assertEquals(Optional.of(new RoomLocation(host, false)), first.findRoom(room));
            assertEquals(Optional.of(new RoomLocation(host, false)), second.findRoom(room),
                    "a room created on another replica is found before its watch catches up");
        }
        assertEquals(3, agones.allocations());
    }

    @Test
    void aFullFleetAnswersNoCapacityAfterRetryingUnallocated() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 1, "node-1");
        AgonesScheduler scheduler = replica();
        scheduler.createRoom();
        long start = System.nanoTime();
        NoCapacityException full = assertThrows(NoCapacityException.class, scheduler::createRoom);
        assertTrue(full.retryAfterSeconds() > 0);
        assertTrue(System.nanoTime() - start >= 2 * AgonesScheduler.UNALLOCATED_RETRY.toNanos(),
                "UnAllocated is tried again at least twice, 500 ms or more apart, before it means full");
    }

    @Test
    void unallocatedOnceContentionConflictsAndServerErrorsAreRetried() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        AgonesScheduler scheduler = replica();
        agones.fail(FakeAgones.Fault.UNALLOCATED, 1);
        agones.fail(FakeAgones.Fault.CONTENTION, 1);
        agones.fail(FakeAgones.Fault.CONFLICT_409, 1);
        agones.fail(FakeAgones.Fault.ERROR_500, 1);
        String room = scheduler.createRoom();
        assertEquals(List.of("gs-a"), agones.holders(room));
        assertEquals(1, agones.allocations(), "the faults allocated nothing; one real allocation placed the room");
    }

    @Test
    void aSlowAllocationIsWaitedForWithinTheDeadline() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        AgonesScheduler scheduler = replica();
        agones.fail(FakeAgones.Fault.SLOW, 1);
        long start = System.nanoTime();
        String room = scheduler.createRoom();
        assertTrue(System.nanoTime() - start >= FakeAgones.SLOW_MILLIS * 1_000_000L);
        assertEquals(List.of("gs-a"), agones.holders(room));
        assertEquals(1, agones.allocations());
    }

    @Test
    void anAllocationWhoseAnswerIsLostIsFoundInsteadOfMadeTwice() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        agones.addGameServer("gs-b", "10.0.0.2", 7002, 10, "node-2");
        AgonesScheduler scheduler = replica();
        agones.fail(FakeAgones.Fault.LOST, 1);
        String room = scheduler.createRoom();
        assertEquals(1, agones.holders(room).size(), "a room id is never on two servers");
        assertEquals(1, agones.allocations(), "the lost allocation was found by a fresh list, not repeated");
        assertTrue(scheduler.findRoom(room).isPresent());
    }

    @Test
    void anIdNoBackendMadeIsUnknownAndARoomWhoseServerDiedIsPlacedAgainUnderItsId() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        agones.addGameServer("gs-b", "10.0.0.2", 7002, 10, "node-2");
        AgonesScheduler first = replica();
        AgonesScheduler second = replica();
        assertEquals(Optional.empty(), first.findRoom("k7m2x9q4w3e8r5t6-abcdefgh"), "a forged id");
        assertEquals(Optional.empty(), first.findRoom("nosuchroom"));
        assertEquals(0, agones.allocations(), "unknown ids allocate nothing");

        String room = first.createRoom();
        String dead = agones.holders(room).getFirst();
        agones.setState(dead, "Unhealthy");
        agones.delete(dead);
        await(() -> second.fleet().size() == 1, "the watch saw the server go");

        // Both replicas are asked at once, as clients reconnecting through two backends would.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<RoomLocation>> a = pool.submit(() -> first.findRoom(room));
            Future<Optional<RoomLocation>> b = pool.submit(() -> second.findRoom(room));
            assertEquals(a.get(), b.get(), "both replicas send clients to the same server");
            assertTrue(a.get().isPresent());
        }
        List<String> holders = agones.holders(room);
        assertFalse(holders.contains(dead));
        assertEquals(1, holders.size(), "placed again on one server: " + holders);
        assertEquals(0, agones.leaseCount(), "the lease is released once the room is placed");
    }

    @Test
    void aLeaseLeftByAReplicaThatDiedIsTakenOverAndALiveOneIsWaitedFor() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        agones.addGameServer("gs-b", "10.0.0.2", 7002, 10, "node-1");
        agones.addGameServer("gs-c", "10.0.0.3", 7003, 10, "node-1");
        AgonesScheduler scheduler = replica();
        String room = scheduler.createRoom();
        agones.delete(agones.holders(room).getFirst());
        await(() -> scheduler.fleet().size() == 2, "the watch saw the server go");

        agones.putLease(RoomLease.name(room), "backend-gone", java.time.Instant.now().minusSeconds(120), 30);
        assertTrue(scheduler.findRoom(room).isPresent(), "an expired lease does not block the room for good");
        assertEquals(1, agones.holders(room).size());

        String other = scheduler.createRoom();
        agones.delete(agones.holders(other).getFirst());
        await(() -> scheduler.fleet().size() == 1, "the watch saw the second server go");
        String survivor = scheduler.fleet().getFirst().host();
        String survivorName = survivor.equals("10.0.0.1:7001") ? "gs-a" : survivor.equals("10.0.0.2:7002") ? "gs-b" : "gs-c";
        agones.putLease(RoomLease.name(other), "backend-busy", java.time.Instant.now(), 30);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<RoomLocation>> waiting = pool.submit(() -> scheduler.findRoom(other));
            Thread.sleep(600);
            assertFalse(waiting.isDone(), "a live lease holder is waited for");
            assertEquals(0, agones.holders(other).size());
            agones.addRoom(survivorName, other); // the lease holder places it, as a live replica would
            assertEquals(survivor, waiting.get().orElseThrow().host());
        }
        assertEquals(1, agones.holders(other).size(), "never placed twice");
    }

    @Test
    void drainingAndUnhealthyServersGetNoRoomsAndTheFleetShowsThem() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        agones.addGameServer("gs-b", "10.0.0.2", 7002, 10, "node-1");
        AgonesScheduler scheduler = replica();
        String first = scheduler.createRoom();
        String busy = agones.holders(first).getFirst();
        String other = busy.equals("gs-a") ? "gs-b" : "gs-a";
        agones.setLabel(busy, GameServer.DRAINING_LABEL, "true");
        String second = scheduler.createRoom();
        assertEquals(List.of(other), agones.holders(second), "a draining server takes no new room");
        await(() -> scheduler.fleet().stream().anyMatch(v -> v.state() == ServerView.State.DRAINING), "draining shown");
        agones.setState(other, "Unhealthy");
        await(() -> scheduler.fleet().stream().anyMatch(v -> v.state() == ServerView.State.DEAD), "unhealthy shown");
        assertThrows(NoCapacityException.class, scheduler::createRoom);
        ServerView view = scheduler.fleet().stream().filter(v -> v.state() == ServerView.State.DRAINING).findFirst().orElseThrow();
        assertEquals(10, view.maxRooms());
        assertEquals(List.of(first), view.rooms().stream().map(ServerView.RoomView::roomId).toList());
    }

    @Test
    void theWatchRecoversFromDropsAndExpiredVersionsAndReadinessWaitsForTheFirstList() throws Exception {
        agones.failLists(3);
        AgonesScheduler scheduler = new AgonesScheduler(config(), SECRET);
        replicas.add(scheduler);
        assertFalse(scheduler.readiness().ready(), "not ready before the fleet is listed");
        await(() -> scheduler.readiness().ready(), "ready once a list came back");

        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        await(() -> scheduler.fleet().size() == 1, "the watch saw gs-a");
        agones.dropWatches();
        agones.addGameServer("gs-b", "10.0.0.2", 7002, 10, "node-1");
        await(() -> scheduler.fleet().size() == 2, "the watch resumed after a drop");
        int listsBefore = agones.lists();
        // The watch resumes from a version compacted away: ERROR 410, and only a fresh list shows gs-c.
        agones.changeWhileWatchesAreDown(() -> agones.addGameServer("gs-c", "10.0.0.3", 7003, 10, "node-1"));
        await(() -> scheduler.fleet().size() == 3, "the watch listed again after 410");
        assertTrue(agones.lists() > listsBefore);
    }

    @Test
    void aRotatedTokenIsReadAgain() throws Exception {
        agones.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
        AgonesScheduler scheduler = replica();
        scheduler.createRoom();
        Files.writeString(tokenFile, "token-2\n");
        agones.acceptOnly("token-2");
        String room = scheduler.createRoom();
        assertEquals(List.of("gs-a"), agones.holders(room));
    }

    @Test
    void anHttpsApiIsTrustedThroughItsCaFileOnly() throws Exception {
        Path good = certificate("api");
        Path other = certificate("other");
        try (FakeAgones https = new FakeAgones("chat", "scalable-chat", "token-1", tls(good))) {
            https.addGameServer("gs-a", "10.0.0.1", 7001, 10, "node-1");
            Path folder = Files.createDirectories(dir.resolve("serviceaccount"));
            Files.writeString(folder.resolve("token"), "token-1");
            Files.writeString(folder.resolve("namespace"), "chat\n");
            Files.copy(dir.resolve("api.crt"), folder.resolve("ca.crt"));
            // The CA beside the token and the namespace file are the defaults, as in a pod.
            AgonesConfig trusting = AgonesConfig.from(Map.of("KUBERNETES_API", https.uri().toString(),
                    "KUBERNETES_TOKEN_FILE", folder.resolve("token").toString()));
            assertEquals("chat", trusting.namespace());
            AgonesScheduler scheduler = new AgonesScheduler(trusting, SECRET);
            replicas.add(scheduler);
            await(() -> scheduler.readiness().ready(), "listed over https");
            assertEquals(List.of("gs-a"), https.holders(scheduler.createRoom()));

            AgonesConfig wrongCa = AgonesConfig.from(Map.of("KUBERNETES_API", https.uri().toString(),
                    "KUBERNETES_TOKEN_FILE", folder.resolve("token").toString(), "KUBERNETES_CA_FILE", dir.resolve("other.crt").toString()));
            AgonesScheduler distrusting = new AgonesScheduler(wrongCa, SECRET);
            replicas.add(distrusting);
            Thread.sleep(1500);
            assertFalse(distrusting.readiness().ready(), "a server whose certificate the CA did not sign is not trusted");
            assertThrows(SchedulerUnavailableException.class, distrusting::createRoom);
        }
        assertTrue(Files.exists(good) && Files.exists(other));
    }

    /** A key pair and self-signed certificate for 127.0.0.1 made with the JDK's keytool: its keystore; the PEM beside it. */
    private Path certificate(String name) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path store = dir.resolve(name + ".p12");
        run(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=kubernetes", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        run(keytool.toString(), "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(),
                "-storepass", "changeit", "-file", dir.resolve(name + ".crt").toString());
        return store;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    private static javax.net.ssl.SSLContext tls(Path store) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory factory = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void badSettingsAreConfigurationErrors() {
        Map<String, String> base = Map.of("KUBERNETES_API", "http://127.0.0.1:1", "KUBERNETES_TOKEN_FILE", tokenFile.toString());
        assertThrows(RuntimeException.class, () -> AgonesConfig.from(Map.of("KUBERNETES_TOKEN_FILE", tokenFile.toString())),
                "no API and not in a pod");
        assertThrows(RuntimeException.class, () -> AgonesConfig.from(Map.of("KUBERNETES_API", "ftp://x", "KUBERNETES_TOKEN_FILE", tokenFile.toString())));
        assertThrows(RuntimeException.class, () -> AgonesConfig.from(Map.of("KUBERNETES_API", "http://127.0.0.1:1",
                "KUBERNETES_TOKEN_FILE", dir.resolve("missing").toString())));
        assertThrows(RuntimeException.class, () -> AgonesConfig.from(Map.of("KUBERNETES_API", "https://127.0.0.1:1",
                "KUBERNETES_TOKEN_FILE", tokenFile.toString())), "https needs the CA next to the token");
        java.util.HashMap<String, String> badFleet = new java.util.HashMap<>(base);
        badFleet.put("AGONES_FLEET", "Not_A_Name");
        assertThrows(RuntimeException.class, () -> AgonesConfig.from(badFleet));
        java.util.HashMap<String, String> badWss = new java.util.HashMap<>(base);
        badWss.put("AGONES_WSS", "maybe");
        assertThrows(RuntimeException.class, () -> AgonesConfig.from(badWss));
        AgonesConfig ok = AgonesConfig.from(base);
        assertFalse(ok.wss());
        assertEquals("default", ok.namespace());
        assertEquals("scalable-chat", ok.fleet());
        assertEquals("rooms", ok.roomsList());
        assertFalse(ok.toString().contains("token-1"));
    }
}
