package scalablechat.loadtest;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The session server processes a run loads: the ones given with {@code --server-pid}, or else the processes
 * listening on the ports the backend named (through /proc, so only on Linux and for the same user or root).
 */
final class ServerProcesses {
    private ServerProcesses() {}

    static List<Long> find(Options options, Collection<String> hosts) {
        if (!options.serverPids().isEmpty()) {
            return options.serverPids();
        }
        List<Long> pids = new ArrayList<>();
        for (String host : hosts) {
            int port = URI.create("ws://" + host + "/").getPort();
            if (port > 0) {
                ProcFs.listeningPid(port).filter(pid -> !pids.contains(pid)).ifPresent(pids::add);
            }
        }
        return pids;
    }
}
