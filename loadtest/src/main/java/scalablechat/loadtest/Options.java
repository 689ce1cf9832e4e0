package scalablechat.loadtest;

import java.net.URI;
import java.util.List;

/**
 * One run of the tool, as given on the command line. Every default and bound is a constant here, and
 * {@link ArgsParser#USAGE} documents them.
 */
record Options(
        Scenario scenario,
        URI backend,
        Protocol protocol,
        int rooms,
        int users,
        int messages,
        int warmup,
        double rate,
        double durationSeconds,
        double timeoutSeconds,
        int size,
        double holdSeconds,
        double p99BoundMs,
        double rampFactor,
        double stepSeconds,
        double maxRate,
        double churnRate,
        double churnStaySeconds,
        List<Long> serverPids,
        boolean heap,
        String label,
        int ioThreads,
        int setupConcurrency,
        String jar,
        int runs,
        List<String> env) {

    enum Scenario {
        BURST, PACED, RAMP, IDLE, CHURN, STARTUP;

        String label() {
            return name().toLowerCase();
        }
    }

    static final String DEFAULT_BACKEND = "http://127.0.0.1:8080";
    static final int DEFAULT_ROOMS = 10;
    static final int DEFAULT_USERS = 100;
    static final int DEFAULT_MESSAGES = 100;
    /** Messages per room delivered before measuring (0: measure from a cold start). */
    static final int DEFAULT_WARMUP = 0;
    /** Messages per second per room (paced, churn; the ramp's first step). */
    static final double DEFAULT_RATE = 10;
    static final double DEFAULT_DURATION_SECONDS = 10;
    /** Bound on each wait: setup, delivery of the last message, drain after a step. */
    static final double DEFAULT_TIMEOUT_SECONDS = 60;
    /** Characters per chat message; the original benchmark's messages were about this long. */
    static final int DEFAULT_SIZE = 64;
    static final double DEFAULT_HOLD_SECONDS = 5;
    static final double DEFAULT_P99_BOUND_MS = 50;
    static final double DEFAULT_RAMP_FACTOR = 1.5;
    static final double DEFAULT_STEP_SECONDS = 5;
    /** The ramp stops here even if the server still holds (messages per second per room). */
    static final double DEFAULT_MAX_RATE = 10_000;
    /** Joins per second across all rooms. */
    static final double DEFAULT_CHURN_RATE = 10;
    static final double DEFAULT_CHURN_STAY_SECONDS = 1;
    /** Threads that read the WebSockets (each with its own selector); two keep up with one session server. */
    static final int DEFAULT_IO_THREADS = 2;
    /** Logins, lookups and handshakes in flight at once while setting up. */
    static final int DEFAULT_SETUP_CONCURRENCY = 32;
    static final String DEFAULT_JAR = "dist/session.jar";
    static final int DEFAULT_RUNS = 5;

    /** Upper bounds that keep every run finite and inside one machine's means. */
    static final int MAX_ROOMS = 10_000;
    static final int MAX_USERS = 10_000;
    static final int MAX_CONNECTIONS = 50_000;
    static final int MAX_MESSAGES = 10_000_000;
    static final double MAX_SECONDS = 3_600;
    static final int MAX_SIZE = 1000;

    int connections() {
        return rooms * users;
    }
}
