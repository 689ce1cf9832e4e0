package scalablechat.session.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A separate JVM for the multi-process tests, driven by its arguments and reporting on stdout:
 * <pre>
 * hold   DIR ROOM            open the room, print "OPEN lastId", keep it open until stdin closes
 * try    DIR ROOM            try to open the room, print "OPENED lastId" or "LOCKED message", exit
 * append DIR ROOM APPENDERS  open the room, print "OPEN lastId", then append forever from APPENDERS threads,
 *                            printing "ACK id text" for each message once it is durable
 * </pre>
 */
public final class LogChild {
    public static void main(String[] args) throws Exception {
        RoomStore store = new RoomStore(Path.of(args[1]), FsyncPolicy.ALWAYS, 10);
        String room = args[2];
        switch (args[0]) {
            case "hold" -> {
                try (RoomLog log = store.open(room)) {
                    report("OPEN " + log.lastId());
                    while (System.in.read() >= 0) {
                        // wait for the parent to close stdin (or to kill us)
                    }
                }
            }
            case "try" -> {
                try (RoomLog log = store.open(room)) {
                    report("OPENED " + log.lastId());
                } catch (RoomLockedException e) {
                    report("LOCKED " + e.getMessage());
                }
            }
            case "append" -> appendForever(store.open(room), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void appendForever(RoomLog log, int appenders) throws InterruptedException {
        report("OPEN " + log.lastId());
        for (int a = 0; a < appenders; a++) {
            String prefix = ProcessHandle.current().pid() + "-" + a + "-";
            Thread.ofVirtual().start(() -> {
                for (long i = 0; ; i++) {
                    String text = prefix + i;
                    try {
                        StoredMessage stored = log.append(new NewMessage("child", text, i, null)).get();
                        report("ACK " + stored.id() + " " + text);
                    } catch (Exception e) {
                        report("FAILED " + text + " " + e);
                        return;
                    }
                }
            });
        }
        new CountDownLatch(1).await();
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private LogChild() {}
}
