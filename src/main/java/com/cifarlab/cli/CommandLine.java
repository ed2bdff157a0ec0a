package com.cifarlab.cli;

import java.time.Clock;
import java.util.Arrays;
import java.util.Set;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * The jar's commands. They run without the web server, print what a person needs, and answer
 * bad input with one clear sentence and a non-zero exit code, never a stack trace.
 */
public final class CommandLine {

    private static final Set<String> COMMANDS = Set.of("data", "train", "evaluate", "bench", "worker", "help", "--help");

    private CommandLine() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command and returns the process exit code. */
    public static int run(String[] args) {
        logWarningsOnly();
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "data" -> new DataCommand(CliSettings.load(), Clock.systemDefaultZone(), System.out, System.err).run(rest);
            case "train" -> new TrainCommand(CliSettings.load(), Clock.systemUTC(), System.out, System.err).run(rest);
            case "evaluate" -> new EvaluateCommand(CliSettings.load(), Clock.systemUTC(), System.out, System.err).run(rest);
            case "bench" -> new BenchCommand(CliSettings.load(), Clock.systemUTC(), System.out, System.err).run(rest);
            case "worker" -> new WorkerCommand(CliSettings.load(), CliSettings::cluster, Clock.systemUTC(), System.out,
                    System.err).run(rest);
            default -> usage();
        };
    }

    /**
     * Without Spring Boot's logging set-up, logback prints every INFO line to stdout, in between
     * the command's own output. Commands print what a person needs; the log adds only warnings.
     */
    private static void logWarningsOnly() {
        LoggingSystem.get(CommandLine.class.getClassLoader()).setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
    }

    private static int usage() {
        System.out.println("""
                Usage: java -jar cifar-lab.jar [COMMAND]
                  (no command)                         start the dashboard on port 8080
                  data import <archive-or-folder>      import CIFAR-10 from a .tar.gz or an extracted folder
                  data download                        download the official archive and import it
                  data info                            show the imported data set
                  (data commands take --data-dir DIR; the default is cifar-lab.data-dir or CIFAR_LAB_DATA_DIR)
                  %s
                      train a network, print its curves and test report, save the model file
                  %s
                      measure a saved model file on the 10,000 test images
                  %s
                      time training epochs on the imported data (Lab MLP 30 epochs, CNN 6 by default), the peak
                      memory, and with --concurrent K the throughput of K runs at once against one alone
                  %s
                      a class of N students through the real run service: the standard path plus K runs of
                      their own each; prints computations trained, wall time against training time, waits
                  %s
                      a training node: trains the class's runs for the dashboard at that address (which runs with
                      cifar-lab.cluster.enabled=true) until stopped; the secret comes from CIFAR_LAB_CLUSTER_SECRET
                  %s
                      the run service's answer times (p50, p95, max of get and list) to N open pages while
                      R runs train (no data set needed)
                """.formatted(TrainCommand.USAGE, EvaluateCommand.USAGE, BenchCommand.USAGE, ClassBench.USAGE,
                WorkerCommand.USAGE, PagesBench.USAGE));
        return 0;
    }
}
