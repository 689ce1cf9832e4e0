package scalablechat.loadtest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProcFsTest {
    private static final boolean LINUX = new java.io.File("/proc/self/status").exists();

    @Test
    void parsesThreadStatEvenWithSpacesAndParenthesesInTheName() {
        String stat = "4242 (WebSocketSelect) S 1 4242 4242 0 -1 4194368 1234 0 0 0 950 37 0 0 20 0 40 0 123 0 0";
        ProcFs.ThreadStat parsed = ProcFs.parseStat(stat);
        assertEquals("WebSocketSelect", parsed.name());
        assertEquals(987, parsed.ticks());
        ProcFs.ThreadStat odd = ProcFs.parseStat("7 (a (b) c) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 9 0 0");
        assertEquals("a (b) c", odd.name());
        assertEquals(11, odd.ticks());
    }

    @Test
    void machineTicksCountEverythingButIdleAndIowaitAsBusy() {
        ProcFs.MachineTicks t = ProcFs.parseMachineTicks("cpu  100 5 50 1000 20 1 2 3 0 0");
        assertEquals(100 + 5 + 50 + 1 + 2 + 3, t.busy());
        assertEquals(1181, t.total());
    }

    @Test
    void findsTheListeningSocketInATcpTable() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F40 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1111 1",
                "   1: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2222 1",
                "   2: 00000000:1F41 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3333 1");
        assertEquals("2222", ProcFs.listeningInode(table, 8000));
        assertEquals("3333", ProcFs.listeningInode(table, 8001));
        assertNull(ProcFs.listeningInode(table, 8002));
    }

    @Test
    void readsThisProcessFromProc() {
        assumeTrue(LINUX, "needs Linux /proc");
        long self = ProcessHandle.current().pid();
        assertTrue(ProcFs.residentKB(self) > 1000);
        assertTrue(ProcFs.cpuNanos(self) > 0);
        assertFalse(ProcFs.threadTicks(self).isEmpty());
        assertEquals(-1, ProcFs.residentKB(Long.MAX_VALUE));
    }

    @Test
    void findsWhichProcessListensOnAPort() throws IOException {
        assumeTrue(LINUX, "needs Linux /proc");
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertEquals(ProcessHandle.current().pid(), ProcFs.listeningPid(socket.getLocalPort()).orElse(-1L));
        }
    }

    @Test
    void sumsHeapAreasOfEveryCollectorsHeapInfo() {
        String g1 = """
                12345:
                 garbage-first heap   total reserved 4194304K, committed 262144K, used 20480K [0x0000000700000000, 0x0000000800000000)
                  region size 2048K, 3 young (6144K), 0 survivors (0K)
                 Metaspace       used 5000K, committed 5120K, reserved 1114112K
                  class space    used 500K, committed 576K, reserved 1048576K
                """;
        assertEquals(20480, HeapProbe.parseUsedKB(g1));
        String serial = """
                 def new generation   total 9792K, used 1000K [0x00000000f0000000, 0x00000000f0aa0000, 0x00000000f5550000)
                  eden space 8704K,   5% used [0x00000000f0000000, 0x00000000f0078d08, 0x00000000f0880000)
                 tenured generation   total 21888K, used 3000K [0x00000000f5550000, 0x00000000f6ab0000, 0x0000000100000000)
                 Metaspace       used 777K, committed 896K, reserved 1114112K
                """;
        assertEquals(4000, HeapProbe.parseUsedKB(serial));
        assertEquals(14 * 1024, HeapProbe.parseUsedKB(" ZHeap           used 14M, capacity 32M, max capacity 1024M\n Metaspace used 1K"));
        assertEquals(-1, HeapProbe.parseUsedKB("12345:\nAttach failed\n"));
    }

    @Test
    void cpuSamplesNameTheBusiestThreads() {
        CpuSample before = new CpuSample(0, 0, 0, java.util.Map.of("1:WebSocketSelect/10", 100L, "1:worker/11", 0L),
                java.util.Map.of("2:ws-io-0/20", 0L), new ProcFs.MachineTicks(1000, 4000));
        CpuSample after = new CpuSample(2_000_000_000L, 500_000_000L, 1_900_000_000L,
                java.util.Map.of("1:WebSocketSelect/10", 290L, "1:worker/11", 20L, "1:idle/12", 0L),
                java.util.Map.of("2:ws-io-0/20", 50L, "2:main/1", 1L), new ProcFs.MachineTicks(1600, 4800));
        Report report = new Report();
        before.reportUntil(after, report);
        assertEquals(0.5, report.number("toolCpuSeconds"), 1e-9);
        assertEquals(25.0, report.number("toolCpuPercent"), 1e-9);
        assertEquals(95.0, report.number("serverCpuPercent"), 1e-9);
        assertEquals("WebSocketSelect 95%, worker 10%", report.get("serverBusiestThreads"));
        assertEquals("ws-io-0 25%, main 1%", report.get("toolBusiestThreads"));
        double cores = Runtime.getRuntime().availableProcessors();
        assertEquals(cores * 100 * 600 / 800, report.number("machineCpuPercent"), 1e-9);
        assertEquals(Math.max(0, cores * 75 - 25 - 95), report.number("otherCpuPercent"), 1e-9);
    }
}
