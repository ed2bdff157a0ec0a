package com.cifarlab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ND4J's OpenMP threads busy-wait unless {@code OMP_WAIT_POLICY=PASSIVE} is in the environment
 * when the native library loads; measured here, that makes training 2–3× slower. A JVM cannot
 * change its own environment, so when the variable is missing the jar starts itself again with
 * it set and passes the exit code through. Where that is impossible (the command line of this
 * process is unknown) it says clearly what to set.
 */
final class NativeEnvironment {

    static final String VARIABLE = "OMP_WAIT_POLICY";
    static final String VALUE = "PASSIVE";
    /** Set in the child so a relaunch can never loop, and to opt out of the relaunch. */
    static final String RELAUNCHED = "CIFAR_LAB_RELAUNCHED";

    private NativeEnvironment() {
    }

    static boolean isPassive(Map<String, String> environment) {
        return VALUE.equalsIgnoreCase(environment.getOrDefault(VARIABLE, ""));
    }

    /**
     * Returns the exit code of a relaunched child when one ran, or empty when this process
     * should carry on itself.
     */
    static Optional<Integer> relaunchIfNeeded() {
        Map<String, String> environment = System.getenv();
        if (isPassive(environment) || environment.containsKey(RELAUNCHED)) {
            return Optional.empty();
        }
        Optional<List<String>> command = currentCommand();
        if (command.isEmpty()) {
            System.err.println("WARNING: " + VARIABLE + "=" + VALUE + " is not set: ND4J will busy-wait and train 2-3x "
                    + "slower. Start CIFAR Lab with " + VARIABLE + "=" + VALUE + " in its environment.");
            return Optional.empty();
        }
        System.err.println("CIFAR Lab: " + VARIABLE + " is not set; restarting with " + VARIABLE + "=" + VALUE
                + " so training does not busy-wait (set it yourself to skip this step).");
        ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
        builder.environment().put(VARIABLE, VALUE);
        builder.environment().put(RELAUNCHED, "1");
        try {
            Process child = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "cifar-lab-relaunch-stop"));
            return Optional.of(child.waitFor());
        } catch (IOException e) {
            System.err.println("WARNING: could not restart with " + VARIABLE + "=" + VALUE + " (" + e.getMessage()
                    + "); training will be 2-3x slower.");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(130);
        }
    }

    private static Optional<List<String>> currentCommand() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> executable = info.command();
        Optional<String[]> arguments = info.arguments();
        if (executable.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(executable.get());
        command.addAll(List.of(arguments.get()));
        return Optional.of(command);
    }
}
