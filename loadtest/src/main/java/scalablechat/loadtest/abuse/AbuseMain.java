package scalablechat.loadtest.abuse;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code make abuse}: the attack suite against a running stack.
 * {@code java -cp dist/loadtest.jar scalablechat.loadtest.abuse.AbuseMain --backend URL [--quick] [--out FILE]}.
 * Prints one table (attack, expected, observed, pass), writes it to FILE too, and exits 0 only when every attack failed.
 */
public final class AbuseMain {
    private AbuseMain() {}

    public static void main(String[] args) throws Exception {
        URI backend = null;
        boolean quick = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend" -> backend = URI.create(value(args, ++i));
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(value(args, ++i));
                default -> usage("unknown option " + args[i]);
            }
        }
        if (backend == null) {
            usage("--backend URL is required");
        }
        List<AbuseSuite.Row> rows = AbuseSuite.run(backend, quick);
        String table = table(rows);
        System.out.print(table);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, table);
            System.out.println("abuse: table written to " + out);
        }
        System.exit(rows.stream().allMatch(AbuseSuite.Row::pass) ? 0 : 1);
    }

    /** The rows as a Markdown table, with a last line saying how many held. */
    public static String table(List<AbuseSuite.Row> rows) {
        StringBuilder text = new StringBuilder("| attack | expected | observed | pass |\n|---|---|---|---|\n");
        for (AbuseSuite.Row row : rows) {
            text.append("| ").append(row.attack()).append(" | ").append(row.expected()).append(" | ")
                    .append(row.observed().replace("|", "/")).append(" | ").append(row.pass() ? "yes" : "**NO**")
                    .append(" |\n");
        }
        long held = rows.stream().filter(AbuseSuite.Row::pass).count();
        return text.append("\n").append(held).append(" of ").append(rows.size()).append(" held\n").toString();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("abuse: " + problem);
        System.err.println("usage: java -cp dist/loadtest.jar scalablechat.loadtest.abuse.AbuseMain --backend URL [--quick] [--out FILE]");
        System.exit(2);
    }
}
