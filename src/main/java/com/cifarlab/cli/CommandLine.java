package com.cifarlab.cli;

import java.util.Arrays;
import java.util.Set;

/**
 * The jar's commands. They run without the web server, print what a person needs, and answer
 * bad input with one clear sentence and a non-zero exit code, never a stack trace.
 */
public final class CommandLine {

    private static final Set<String> COMMANDS = Set.of("data", "train", "evaluate", "bench", "help", "--help");

    private CommandLine() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** Runs the command and returns the process exit code. */
    public static int run(String[] args) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            default -> usage();
        };
    }

    private static int usage() {
        System.out.println("""
                Usage: java -jar cifar-lab.jar [COMMAND]
                  (no command)                         start the dashboard on port 8080
                  data import <archive-or-folder>      import CIFAR-10 from a .tar.gz or an extracted folder
                  data info                            show the imported data set
                """);
        return 0;
    }
}
