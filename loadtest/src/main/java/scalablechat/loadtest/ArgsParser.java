package scalablechat.loadtest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code SCENARIO [--name value | --name=value]...} into {@link Options}, refusing anything unclear. */
final class ArgsParser {
    static final String USAGE = """
            usage: loadtest SCENARIO [options]
              scenarios:
                burst    every room gets --messages as fast as the server takes them; time until all are delivered
                paced    --rate messages a second per room for --duration seconds; latency under steady load
                ramp     paced steps of --step seconds, the rate times --ramp-factor each step, until p99 passes
                         --p99-bound-ms (or messages are lost); reports the highest rate that held
                idle     --rooms x --users connections held --hold seconds; session server memory per connection
                churn    paced chat while users join and leave (--churn-rate joins a second, each staying --churn-stay)
                startup  starts --jar (a session server) --runs times; time from process start to /readyz 200
              options (defaults in brackets):
                --backend URL          backend base URL, loopback only [%s]
                --protocol v2|original WebSocket protocol [v2]
                --rooms N              rooms [%d]
                --users N              users (one connection each) per room [%d]
                --messages N           burst: messages per room [%d]
                --warmup N             messages per room sent and delivered before measuring [%d]
                --rate R               paced, churn, ramp start: messages a second per room [%s]
                --duration S           paced, churn: seconds of sending [%s]
                --timeout S            bound on every wait (setup, last delivery, drain) [%s]
                --size N               characters per message, 1..%d [%d]
                --hold S               idle: seconds the connections are held [%s]
                --p99-bound-ms MS      ramp: the latency a step must hold [%s]
                --ramp-factor F        ramp: rate multiplier per step, > 1 [%s]
                --step S               ramp: seconds per step [%s]
                --max-rate R           ramp: stop at this rate per room [%s]
                --churn-rate R         churn: joins a second, all rooms together [%s]
                --churn-stay S         churn: seconds each joiner stays [%s]
                --server-pid PID[,PID] session server process(es) for CPU and memory figures; found from the
                                       listening port when omitted (needs /proc and the same user)
                --no-heap              idle: skip the heap figure (it runs jcmd GC.run against the server)
                --label TEXT           name of this run in the JSON line (make bench groups runs by it)
                --io-threads N         threads that read the WebSockets [%d]
                --setup-concurrency N  logins, lookups and handshakes in flight while setting up [%d]
                --jar PATH             startup: the session server jar [%s]
                --runs N               startup: how many starts [%d]
                --env NAME=VALUE       startup: extra environment for the server (repeatable)
            Prints a table, then one JSON line. Exit status: 0 done, 1 the run failed, 2 bad usage.
            """.formatted(Options.DEFAULT_BACKEND, Options.DEFAULT_ROOMS, Options.DEFAULT_USERS,
            Options.DEFAULT_MESSAGES, Options.DEFAULT_WARMUP, num(Options.DEFAULT_RATE), num(Options.DEFAULT_DURATION_SECONDS),
            num(Options.DEFAULT_TIMEOUT_SECONDS), Options.MAX_SIZE, Options.DEFAULT_SIZE,
            num(Options.DEFAULT_HOLD_SECONDS), num(Options.DEFAULT_P99_BOUND_MS), num(Options.DEFAULT_RAMP_FACTOR),
            num(Options.DEFAULT_STEP_SECONDS), num(Options.DEFAULT_MAX_RATE), num(Options.DEFAULT_CHURN_RATE),
            num(Options.DEFAULT_CHURN_STAY_SECONDS), Options.DEFAULT_IO_THREADS, Options.DEFAULT_SETUP_CONCURRENCY,
            Options.DEFAULT_JAR, Options.DEFAULT_RUNS);

    private static final Set<String> FLAGS = Set.of("no-heap");
    private static final Set<String> VALUED = Set.of("backend", "protocol", "rooms", "users", "messages", "warmup", "rate",
            "duration", "timeout", "size", "hold", "p99-bound-ms", "ramp-factor", "step", "max-rate", "churn-rate",
            "churn-stay", "server-pid", "label", "io-threads", "setup-concurrency", "jar", "runs", "env");

    private ArgsParser() {}

    static Options parse(String... args) {
        if (args.length == 0) {
            throw new UsageException("name a scenario: burst, paced, ramp, idle, churn or startup");
        }
        Options.Scenario scenario = scenario(args[0]);
        Map<String, String> values = new HashMap<>();
        List<String> env = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument \"" + arg + "\" (options start with --)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (FLAGS.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                values.put(name, "true");
                continue;
            }
            if (!VALUED.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (name.equals("env")) {
                if (value.indexOf('=') <= 0) {
                    throw new UsageException("--env needs NAME=VALUE, got \"" + value + "\"");
                }
                env.add(value);
            } else if (values.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        Reader r = new Reader(values);
        Options options = new Options(
                scenario,
                Loopback.requireHttpUri(r.string("backend", Options.DEFAULT_BACKEND)),
                Protocol.parse(r.string("protocol", "v2")),
                r.integer("rooms", Options.DEFAULT_ROOMS, 1, Options.MAX_ROOMS),
                r.integer("users", Options.DEFAULT_USERS, 1, Options.MAX_USERS),
                r.integer("messages", Options.DEFAULT_MESSAGES, 1, Options.MAX_MESSAGES),
                r.integer("warmup", Options.DEFAULT_WARMUP, 0, Options.MAX_MESSAGES),
                r.decimal("rate", Options.DEFAULT_RATE, 0.01, 1_000_000),
                r.decimal("duration", Options.DEFAULT_DURATION_SECONDS, 0.1, Options.MAX_SECONDS),
                r.decimal("timeout", Options.DEFAULT_TIMEOUT_SECONDS, 1, Options.MAX_SECONDS),
                r.integer("size", Options.DEFAULT_SIZE, 1, Options.MAX_SIZE),
                r.decimal("hold", Options.DEFAULT_HOLD_SECONDS, 0, Options.MAX_SECONDS),
                r.decimal("p99-bound-ms", Options.DEFAULT_P99_BOUND_MS, 0.01, 1_000_000),
                r.decimal("ramp-factor", Options.DEFAULT_RAMP_FACTOR, 1.01, 100),
                r.decimal("step", Options.DEFAULT_STEP_SECONDS, 0.5, Options.MAX_SECONDS),
                r.decimal("max-rate", Options.DEFAULT_MAX_RATE, 0.01, 1_000_000),
                r.decimal("churn-rate", Options.DEFAULT_CHURN_RATE, 0.01, 10_000),
                r.decimal("churn-stay", Options.DEFAULT_CHURN_STAY_SECONDS, 0, Options.MAX_SECONDS),
                r.pids("server-pid"),
                !values.containsKey("no-heap"),
                r.string("label", ""),
                r.integer("io-threads", Options.DEFAULT_IO_THREADS, 1, 64),
                r.integer("setup-concurrency", Options.DEFAULT_SETUP_CONCURRENCY, 1, 1024),
                r.string("jar", Options.DEFAULT_JAR),
                r.integer("runs", Options.DEFAULT_RUNS, 1, 1000),
                List.copyOf(env));
        if (options.connections() > Options.MAX_CONNECTIONS) {
            throw new UsageException("--rooms x --users is " + options.connections()
                    + " connections; the tool opens at most " + Options.MAX_CONNECTIONS);
        }
        return options;
    }

    private static Options.Scenario scenario(String name) {
        try {
            return Options.Scenario.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("unknown scenario \"" + name + "\": use burst, paced, ramp, idle, churn or startup");
        }
    }

    private static String num(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private record Reader(Map<String, String> values) {
        String string(String name, String fallback) {
            String value = values.get(name);
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback, int min, int max) {
            String raw = values.get(name);
            if (raw == null) {
                return fallback;
            }
            int value;
            try {
                value = Integer.parseInt(raw.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number, got \"" + raw + "\"");
            }
            if (value < min || value > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        double decimal(String name, double fallback, double min, double max) {
            String raw = values.get(name);
            if (raw == null) {
                return fallback;
            }
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number, got \"" + raw + "\"");
            }
            if (!(value >= min && value <= max)) {
                throw new UsageException("--" + name + " must be between " + num(min) + " and " + num(max)
                        + ", got " + raw);
            }
            return value;
        }

        List<Long> pids(String name) {
            String raw = values.get(name);
            if (raw == null) {
                return List.of();
            }
            List<Long> pids = new ArrayList<>();
            for (String part : raw.split(",")) {
                try {
                    long pid = Long.parseLong(part.trim());
                    if (pid <= 0) {
                        throw new NumberFormatException();
                    }
                    pids.add(pid);
                } catch (NumberFormatException e) {
                    throw new UsageException("--" + name + " must be process ids separated by commas, got \"" + raw + "\"");
                }
            }
            return List.copyOf(pids);
        }
    }
}
