package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ArgsParserTest {
    @Test
    void defaultsMatchTheOriginalBenchmark() {
        Options o = ArgsParser.parse("burst");
        assertEquals(Options.Scenario.BURST, o.scenario());
        assertEquals(Protocol.V2, o.protocol());
        assertEquals(10, o.rooms());
        assertEquals(100, o.users());
        assertEquals(100, o.messages());
        assertEquals("http://127.0.0.1:8080", o.backend().toString());
        assertEquals(1000, o.connections());
        assertTrue(o.heap());
        assertEquals(List.of(), o.serverPids());
    }

    @Test
    void readsBothOptionForms() {
        Options o = ArgsParser.parse("paced", "--rooms", "3", "--users=7", "--protocol", "original",
                "--rate", "12.5", "--backend=http://localhost:9090", "--server-pid", "12,34", "--no-heap",
                "--label", "paced original", "--env", "FSYNC=never", "--env", "A=b=c");
        assertEquals(Options.Scenario.PACED, o.scenario());
        assertEquals(3, o.rooms());
        assertEquals(7, o.users());
        assertEquals(Protocol.ORIGINAL, o.protocol());
        assertEquals(12.5, o.rate());
        assertEquals(9090, o.backend().getPort());
        assertEquals(List.of(12L, 34L), o.serverPids());
        assertFalse(o.heap());
        assertEquals("paced original", o.label());
        assertEquals(List.of("FSYNC=never", "A=b=c"), o.env());
    }

    @Test
    void scenarioNamesAndProtocolsAreCaseInsensitive() {
        assertEquals(Options.Scenario.IDLE, ArgsParser.parse("IDLE").scenario());
        assertEquals(Protocol.V2, ArgsParser.parse("churn", "--protocol", "scalable-chat.v2").protocol());
        assertEquals(Protocol.ORIGINAL, ArgsParser.parse("churn", "--protocol", "Original").protocol());
    }

    @Test
    void refusesWhatItCannotRunWithAClearMessage() {
        assertMessage("name a scenario", new String[] {});
        assertMessage("unknown scenario \"storm\"", "storm");
        assertMessage("unknown option --romos", "burst", "--romos", "3");
        assertMessage("--rooms needs a value", "burst", "--rooms");
        assertMessage("--rooms must be a whole number, got \"many\"", "burst", "--rooms", "many");
        assertMessage("--rooms must be between 1 and 10000, got 0", "burst", "--rooms", "0");
        assertMessage("--rate must be a number", "paced", "--rate", "fast");
        assertMessage("--rate must be between", "paced", "--rate", "NaN");
        assertMessage("--size must be between 1 and 1000", "burst", "--size", "1001");
        assertMessage("--rooms is given twice", "burst", "--rooms", "1", "--rooms", "2");
        assertMessage("--protocol must be v2 or original", "burst", "--protocol", "v3");
        assertMessage("unexpected argument \"extra\"", "burst", "extra");
        assertMessage("--no-heap takes no value", "idle", "--no-heap=yes");
        assertMessage("--env needs NAME=VALUE", "startup", "--env", "=x");
        assertMessage("--server-pid must be process ids", "idle", "--server-pid", "12,abc");
        assertMessage("the tool opens at most 50000", "idle", "--rooms", "1000", "--users", "1000");
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertMessage("not a loopback address", "burst", "--backend", "http://192.0.2.1:8080");
        assertMessage("must be an http:// URL", "burst", "--backend", "https://127.0.0.1:8080");
        assertMessage("must be an http:// URL", "burst", "--backend", "localhost:8080");
        assertEquals("localhost", ArgsParser.parse("burst", "--backend", "http://localhost:1").backend().getHost());
        assertEquals("[::1]", ArgsParser.parse("burst", "--backend", "http://[::1]:1").backend().getHost());
    }

    @Test
    void usageNamesEveryOption() {
        for (String option : new String[] {"--backend", "--protocol", "--rooms", "--users", "--messages", "--rate",
                "--duration", "--timeout", "--size", "--hold", "--p99-bound-ms", "--ramp-factor", "--step",
                "--max-rate", "--churn-rate", "--churn-stay", "--server-pid", "--no-heap", "--label", "--io-threads",
                "--setup-concurrency", "--jar", "--runs", "--env"}) {
            assertTrue(ArgsParser.USAGE.contains(option), option);
        }
    }

    private static void assertMessage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> ArgsParser.parse(args));
        assertTrue(e.getMessage().contains(expected), "\"" + e.getMessage() + "\" should contain \"" + expected + "\"");
    }
}
