package scalablechat.backend.scheduler.hathora;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scalablechat.backend.scheduler.NoCapacityException;
import scalablechat.backend.scheduler.RoomLocation;
import scalablechat.backend.scheduler.SchedulerUnavailableException;
import scalablechat.backend.scheduler.ServerView;
import scalablechat.backend.scheduler.hathora.FakeHathora.Request;
import scalablechat.common.RoomIds;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.*;
import static scalablechat.backend.scheduler.hathora.FakeHathora.*;

class HathoraSchedulerTest {
    private static final String TOKEN = "hathora-dev-token-7f3k9q-SECRET";
    private static final int MAX_ATTEMPTS = 3;

    private final Logger julLogger = Logger.getLogger(HathoraScheduler.class.getName()); // held: JUL keeps loggers weakly
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (logLines) {
                logLines.add(formatter.format(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private FakeHathora hathora;
    private HathoraScheduler scheduler;

    @BeforeEach
    void start() throws IOException {
        julLogger.setLevel(Level.ALL);
        julLogger.addHandler(capture);
        hathora = FakeHathora.start();
        scheduler = new HathoraScheduler(config(Duration.ofSeconds(30), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        scheduler.close();
        hathora.close();
        julLogger.removeHandler(capture);
        synchronized (logLines) {
            for (String line : logLines) {
                assertFalse(line.contains(TOKEN), "the token leaked into the log: " + line);
            }
        }
    }

    private HathoraConfig config(Duration lookupTimeout, Duration requestTimeout) {
        return new HathoraConfig(hathora.base(), APP_ID, TOKEN, "Dallas", lookupTimeout,
                Duration.ofMillis(20), Duration.ofSeconds(2), requestTimeout, MAX_ATTEMPTS,
                Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    private void useConfig(HathoraConfig config) {
        scheduler.close();
        scheduler = new HathoraScheduler(config);
    }

    private static void assertAuthorized(Request request) {
        assertEquals("Bearer " + TOKEN, request.header("Authorization"));
        assertEquals("application/json", request.header("Accept"));
    }

    private static void assertIsCreate(Request request) {
        assertEquals("POST", request.method());
        assertEquals("/rooms/v2/" + APP_ID + "/create", request.path());
        assertNotNull(request.roomIdParam(), "the create names its own room id: " + request.query());
        assertTrue(RoomIds.isValid(request.roomIdParam()));
        assertAuthorized(request);
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(Json.object().add("region", "Dallas"), Json.parse(request.body()));
    }

    private static void assertIsConnectionInfo(Request request, String roomId) {
        assertEquals("GET", request.method());
        assertEquals("/rooms/v2/" + APP_ID + "/connectioninfo/" + roomId, request.path());
        assertNull(request.query());
        assertAuthorized(request);
        assertEquals("", request.body());
    }

    // --- create ---

    @Test
    void createSendsTheDocumentedRequestWithItsOwnRoomId() throws Exception {
        hathora.script("create", createdStarting("proc-1"));

        String roomId = scheduler.createRoom();

        List<Request> requests = hathora.requests();
        assertEquals(1, requests.size());
        assertIsCreate(requests.get(0));
        assertEquals(requests.get(0).roomIdParam(), roomId);
        assertEquals(HathoraScheduler.ROOM_ID_LENGTH, roomId.length());
        assertNotEquals(roomId, scheduler.createRoom(), "every room gets a fresh id");
    }

    @Test
    void createRetriesServerErrorsWithTheSameRoomId() throws Exception {
        hathora.script("create",
                always(error(500, "Internal error")),
                always(text(503, "<html>Service Unavailable</html>")),
                createdStarting("proc-1"));

        String roomId = scheduler.createRoom();

        List<Request> creates = hathora.requestsTo("create");
        assertEquals(3, creates.size());
        for (Request create : creates) {
            assertIsCreate(create);
            assertEquals(roomId, create.roomIdParam(), "a retry must not make a second room");
        }
    }

    @Test
    void createGivesUpAfterPersistentFailures() {
        hathora.script("create", always(error(503, "Service unavailable")));

        assertThrows(SchedulerUnavailableException.class, scheduler::createRoom);
        assertEquals(MAX_ATTEMPTS, hathora.requestsTo("create").size());
    }

    @Test
    void createRetriedAfterATimeoutTreatsADuplicateAsSuccessWhenTheRoomExists() throws Exception {
        useConfig(config(Duration.ofSeconds(30), Duration.ofMillis(300)));
        // The first answer arrives too late: Hathora made the room but we never heard.
        hathora.script("create",
                request -> createdStarting("proc-1").apply(request).after(1500),
                always(error(409, "Room ID already exists")));
        hathora.script("connectioninfo/*", request -> request.path().endsWith("/" + firstCreate().roomIdParam())
                ? starting(firstCreate().roomIdParam()) : error(404, "Room not found"));

        String roomId = scheduler.createRoom();

        assertEquals(firstCreate().roomIdParam(), roomId);
        assertEquals(2, hathora.requestsTo("create").size());
        assertIsConnectionInfo(hathora.requestsTo("connectioninfo/" + roomId).get(0), roomId);
    }

    @Test
    void duplicateAfterARetryFailsWhenHathoraDoesNotKnowTheRoom() {
        hathora.script("create", always(error(500, "oops")), always(error(409, "Room ID already exists")));

        assertThrows(SchedulerUnavailableException.class, scheduler::createRoom);
        String roomId = hathora.requestsTo("create").get(0).roomIdParam();
        assertEquals(1, hathora.requestsTo("connectioninfo/" + roomId).size(), "it asked whether the room exists");
    }

    @Test
    void duplicateOnTheFirstTryIsAFailureWithoutFurtherQuestions() {
        hathora.script("create", always(error(409, "Room ID already exists")));

        assertThrows(SchedulerUnavailableException.class, scheduler::createRoom);
        assertEquals(1, hathora.requests().size());
    }

    @Test
    void createWaitsOutA429ThenSucceeds() throws Exception {
        hathora.script("create", always(error(429, "Too many requests").withHeader("Retry-After", "0")),
                createdStarting("proc-1"));

        String roomId = scheduler.createRoom();

        assertEquals(2, hathora.requestsTo("create").size());
        assertEquals(roomId, hathora.requestsTo("create").get(0).roomIdParam());
    }

    @Test
    void createPassesALongRetryAfterOnToTheClient() {
        hathora.script("create", always(error(429, "Too many requests").withHeader("Retry-After", "60")));

        SchedulerUnavailableException e = assertThrows(SchedulerUnavailableException.class, scheduler::createRoom);
        assertEquals(60, e.retryAfterSeconds());
        assertEquals(1, hathora.requests().size(), "a 429 means nothing was created, so nothing to check");
    }

    @Test
    void badTokenIsReportedAndLoggedWithoutTheToken() {
        // An error page that echoes the token must not carry it into our log.
        hathora.script("create", always(error(401, "Invalid token " + TOKEN)));

        SchedulerUnavailableException e = assertThrows(SchedulerUnavailableException.class, scheduler::createRoom);
        assertFalse(e.getMessage().contains(TOKEN));
        assertEquals(1, hathora.requests().size(), "a 401 is not retried");
        synchronized (logLines) {
            assertTrue(logLines.stream().anyMatch(l -> l.contains("401") && l.contains("Invalid token (hidden)")),
                    "status and Hathora's message are logged: " + logLines);
        }
    }

    @Test
    void paymentRequiredMeansNoCapacity() {
        hathora.script("create", always(error(402, "Plan limit reached")));

        assertThrows(NoCapacityException.class, scheduler::createRoom);
    }

    // --- lookup ---

    @Test
    void lookupPollsWhileStartingWaitsOutA429AndReturnsTheTlsAddress() throws Exception {
        String roomId = "r00m1d";
        hathora.script("connectioninfo/" + roomId,
                always(starting(roomId)),
                always(error(429, "Too many requests").withHeader("Retry-After", "1")),
                always(active(roomId, "mpl7ff.edge.hathora.dev", 55939, "tls")));

        Optional<RoomLocation> location = scheduler.findRoom(roomId);

        assertEquals(Optional.of(new RoomLocation("mpl7ff.edge.hathora.dev:55939", true)), location);
        assertEquals("wss", location.get().scheme());
        List<Request> polls = hathora.requests();
        assertEquals(3, polls.size());
        polls.forEach(poll -> assertIsConnectionInfo(poll, roomId));
        long waitedAfter429 = polls.get(2).atNanos() - polls.get(1).atNanos();
        assertTrue(waitedAfter429 >= Duration.ofMillis(950).toNanos(),
                "Retry-After: 1 was honoured, waited " + waitedAfter429 / 1_000_000 + " ms");
    }

    @Test
    void plainTcpAndUnknownFieldsAndValuesAreTolerated() throws Exception {
        String roomId = "tcp-room";
        JsonObject odd = Json.parse(active(roomId, "1.proxy.hathora.dev", 34567, "tcp").body()).asObject()
                .set("status", "warming_up_v9").add("somethingNew", Json.object().add("x", 1));
        hathora.script("connectioninfo/" + roomId, always(json(200, odd)));
        hathora.script("connectioninfo/quic-room", always(active("quic-room", "h.example", 443, "quic")));

        assertEquals(Optional.of(new RoomLocation("1.proxy.hathora.dev:34567", false)), scheduler.findRoom(roomId));
        assertFalse(scheduler.findRoom("quic-room").orElseThrow().tls());
    }

    @Test
    void unknownRoomIsEmpty() throws Exception {
        assertEquals(Optional.empty(), scheduler.findRoom("no-such-room"));
        assertEquals(1, hathora.requests().size());
        assertIsConnectionInfo(hathora.requests().get(0), "no-such-room");
    }

    @Test
    void idsHathoraCouldNotHoldAreNotLookedUp() throws Exception {
        assertEquals(Optional.empty(), scheduler.findRoom("../create"));
        assertEquals(Optional.empty(), scheduler.findRoom(""));
        assertEquals(Optional.empty(), scheduler.findRoom(null));
        assertEquals(Optional.empty(), scheduler.findRoom("a".repeat(RoomIds.MAX_LENGTH + 1)));
        assertTrue(hathora.requests().isEmpty());
    }

    @Test
    void lookupRecoversFromServerErrorsAndTimeouts() throws Exception {
        useConfig(config(Duration.ofSeconds(30), Duration.ofMillis(300)));
        String roomId = "flaky";
        hathora.script("connectioninfo/" + roomId,
                always(error(500, "Internal error")),
                always(starting(roomId).after(1500)),
                always(starting(roomId)),
                always(text(502, "<html>Bad Gateway</html>")),
                always(active(roomId, "x.edge.hathora.dev", 40000, "tls")));

        assertEquals(Optional.of(new RoomLocation("x.edge.hathora.dev:40000", true)), scheduler.findRoom(roomId));
        assertEquals(5, hathora.requests().size());
    }

    @Test
    void lookupGivesUpAfterPersistentServerErrors() {
        hathora.script("connectioninfo/down", always(error(500, "Internal error")));

        assertThrows(SchedulerUnavailableException.class, () -> scheduler.findRoom("down"));
        assertEquals(MAX_ATTEMPTS, hathora.requests().size());
    }

    @Test
    void malformedConnectionInfoCountsAsAFailure() {
        hathora.script("connectioninfo/broken", always(json(200, Json.object().add("roomId", "broken")
                .add("status", "active").add("exposedPort", Json.object().add("host", "h").add("port", "eighty")))));

        assertThrows(SchedulerUnavailableException.class, () -> scheduler.findRoom("broken"));
        assertEquals(MAX_ATTEMPTS, hathora.requests().size());
    }

    @Test
    void roomThatNeverBecomesActiveEndsAtTheDeadline() {
        useConfig(config(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        hathora.script("connectioninfo/slow", always(starting("slow")));

        long started = System.nanoTime();
        assertThrows(SchedulerUnavailableException.class, () -> scheduler.findRoom("slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0, "it polled until the deadline, took " + took);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "it stopped at the deadline, took " + took);
        assertTrue(hathora.requests().size() > 2, "it kept polling");
    }

    @Test
    void lookupRefusedForOtherReasonsIsUnavailable() {
        hathora.script("connectioninfo/billing", always(error(402, "Payment required")));

        assertThrows(SchedulerUnavailableException.class, () -> scheduler.findRoom("billing"));
        assertEquals(1, hathora.requests().size());
    }

    @Test
    void unreachableApiIsUnavailable() throws Exception {
        java.net.URI closedPort;
        try (FakeHathora gone = FakeHathora.start()) {
            closedPort = gone.base();
        }
        useConfig(new HathoraConfig(closedPort, APP_ID, TOKEN, "Dallas", Duration.ofSeconds(30),
                Duration.ofMillis(20), Duration.ofSeconds(2), Duration.ofSeconds(2), MAX_ATTEMPTS,
                Duration.ofMillis(10), Duration.ofSeconds(2)));

        assertThrows(SchedulerUnavailableException.class, () -> scheduler.findRoom("anything"));
        assertThrows(SchedulerUnavailableException.class, scheduler::createRoom);
    }

    // --- fleet ---

    @Test
    void fleetGroupsThisBackendsRoomsByProcess() throws Exception {
        hathora.script("create", createdStarting("proc-a"), createdStarting("proc-a"), createdStarting("proc-b"));
        String a1 = scheduler.createRoom();
        String a2 = scheduler.createRoom();
        String b1 = scheduler.createRoom();
        assertEquals(2, scheduler.fleet().size());
        assertTrue(scheduler.fleet().stream().allMatch(s -> s.state() == ServerView.State.STARTING));

        hathora.script("connectioninfo/" + a1, always(active(a1, "a.edge.hathora.dev", 50001, "tls")));
        scheduler.findRoom(a1);
        scheduler.findRoom(b1); // unscripted: 404, Hathora destroyed it

        List<ServerView> fleet = scheduler.fleet();
        assertEquals(1, fleet.size());
        ServerView server = fleet.get(0);
        assertEquals("a.edge.hathora.dev:50001", server.host());
        assertEquals(ServerView.State.READY, server.state());
        assertEquals(List.of(a1, a2), server.rooms().stream().map(ServerView.RoomView::roomId).toList());
    }

    private Request firstCreate() {
        return hathora.requestsTo("create").get(0);
    }
}
