package scalablechat.loadtest;

import java.io.PrintStream;
import java.util.List;

/**
 * The load tool: {@code java -jar loadtest.jar SCENARIO [options]} (see {@link ArgsParser#USAGE}). Drives a running
 * stack through its public API only, prints a table, then the same figures as one JSON line.
 */
public final class LoadTool {
    private LoadTool() {}

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(ArgsParser.USAGE);
            return;
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one scenario; the exit status: 0 done, 1 the run failed, 2 bad usage. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = ArgsParser.parse(args);
        } catch (UsageException e) {
            err.println("loadtest: " + e.getMessage());
            err.println("run with --help for the scenarios and options");
            return 2;
        }
        try {
            Report report = run(options);
            out.println(options.scenario().label() + " (" + describe(options) + ")");
            out.print(ReportFormat.table(report));
            out.println(ReportFormat.json(report));
            return 0;
        } catch (UsageException e) {
            err.println("loadtest: " + e.getMessage());
            return 2;
        } catch (LoadException e) {
            err.println("loadtest: " + e.getMessage());
            return 1;
        }
    }

    static Report run(Options options) {
        return switch (options.scenario()) {
            case BURST -> BurstScenario.run(options);
            case PACED -> PacedScenario.run(options);
            case RAMP -> RampScenario.run(options);
            case IDLE -> IdleScenario.run(options);
            case CHURN -> ChurnScenario.run(options);
            case STARTUP -> StartupScenario.run(options);
        };
    }

    private static String describe(Options options) {
        if (options.scenario() == Options.Scenario.STARTUP) {
            return options.jar() + ", " + options.runs() + " runs";
        }
        return options.protocol().label() + ", " + options.rooms() + " rooms x " + options.users() + " users, "
                + options.backend();
    }
}
