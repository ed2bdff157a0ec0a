package com.cifarlab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Two OpenMP settings decide how fast ND4J trains here, and both must be in the environment when
 * the native library loads. {@code OMP_WAIT_POLICY=PASSIVE}: otherwise ND4J's threads busy-wait,
 * measured 2–3× slower. {@code OMP_NUM_THREADS=1}: every run already does its matrix products on
 * one BLAS thread and the server runs one run per core, so a second OpenMP thread per run only
 * competes with the other run (see the README's Performance section). A JVM cannot change its own
 * environment, so when either is missing the jar starts itself again with it set and passes the
 * exit code through; a value someone set is kept. Where that is impossible (the command line of
 * this process is unknown) it says clearly what to set.
 */
final class NativeEnvironment {

    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String THREADS = "OMP_NUM_THREADS";
    /** What the jar sets when missing, in the order it names them. */
    static final Map<String, String> SETTINGS = orderedSettings();
    /** Set in the child so a relaunch can never loop, and to opt out of the relaunch. */
    static final String RELAUNCHED = "CIFAR_LAB_RELAUNCHED";

    private NativeEnvironment() {
    }

    private static Map<String, String> orderedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(WAIT_POLICY, "PASSIVE");
        settings.put(THREADS, "1");
        return Collections.unmodifiableMap(settings);
    }

    /**
     * The settings {@code environment} lacks. Any wait policy but PASSIVE counts as missing, since
     * a spinning one is never what a shared server wants; any thread count someone chose stays.
     */
    static Map<String, String> missing(Map<String, String> environment) {
        Map<String, String> missing = new LinkedHashMap<>();
        if (!"PASSIVE".equalsIgnoreCase(environment.getOrDefault(WAIT_POLICY, ""))) {
            missing.put(WAIT_POLICY, SETTINGS.get(WAIT_POLICY));
        }
        if (environment.getOrDefault(THREADS, "").isBlank()) {
            missing.put(THREADS, SETTINGS.get(THREADS));
        }
        return missing;
    }

    static String describe(Map<String, String> settings) {
        StringJoiner text = new StringJoiner(" ");
        settings.forEach((name, value) -> text.add(name + "=" + value));
        return text.toString();
    }

    /**
     * Returns the exit code of a relaunched child when one ran, or empty when this process
     * should carry on itself.
     */
    static Optional<Integer> relaunchIfNeeded() {
        Map<String, String> environment = System.getenv();
        Map<String, String> missing = missing(environment);
        if (missing.isEmpty() || environment.containsKey(RELAUNCHED)) {
            return Optional.empty();
        }
        String settings = describe(missing);
        Optional<List<String>> command = currentCommand();
        if (command.isEmpty()) {
            System.err.println("WARNING: " + settings + " is not set: ND4J will train slower (busy-waiting threads make "
                    + "it 2-3x slower). Start CIFAR Lab with " + describe(SETTINGS) + " in its environment.");
            return Optional.empty();
        }
        System.err.println("CIFAR Lab: restarting with " + settings + " so training neither busy-waits nor "
                + "oversubscribes the cores (set " + describe(SETTINGS) + " yourself to skip this step).");
        ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
        builder.environment().putAll(missing);
        builder.environment().put(RELAUNCHED, "1");
        try {
            Process child = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(child::destroy, "cifar-lab-relaunch-stop"));
            return Optional.of(child.waitFor());
        } catch (IOException e) {
            System.err.println("WARNING: could not restart with " + settings + " (" + e.getMessage()
                    + "); training will be slower.");
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
