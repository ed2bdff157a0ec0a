package com.cifarlab;

import com.cifarlab.training.dl4j.Winograd;
import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 *
 * <p>The same restart gives the JVM a default heap limit, {@link #DEFAULT_HEAP}, when none was
 * chosen: left to itself the JVM may take a quarter of the machine's memory and G1 keeps what it
 * took, so a lab server shared with other services grew for hours (README, Performance). JavaCPP
 * sizes ND4J's off-heap limit from the heap limit, so it is given its own ({@link #OFF_HEAP}).
 *
 * <p>A restart also resolves the JDK's Vector API ({@link Winograd#JVM_OPTION}), with which evaluation's
 * Winograd convolution makes a Small CNN's validation about 1.5 times as fast; without it evaluation
 * keeps oneDNN's direct convolution.
 *
 * <p>A restart also asks glibc's malloc for transparent huge pages ({@link #HUGE_PAGES}) unless
 * someone set {@code GLIBC_TUNABLES}: ND4J's large arrays (the weights, their gradient and Adam's
 * moments, streamed through at every step) then need far fewer page-table walks; the Lab MLP's
 * step took 16.4 instead of 17.1 CPU ms (medians of five runs each, 2-core AMD EPYC). It is not
 * worth a restart of its own; a glibc that does not know the tunable ignores it.
 */
final class NativeEnvironment {

    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String THREADS = "OMP_NUM_THREADS";
    /** What the jar sets when missing, in the order it names them. */
    static final Map<String, String> SETTINGS = orderedSettings();
    /** The heap a dashboard and its workers need: the data set (184 MB), the records, the pages, with room. */
    static final String DEFAULT_HEAP = "-Xmx1g";
    /** ND4J's arrays live outside the heap: two Small CNN runs at once took some 1.2 GB more than the data set. */
    static final String OFF_HEAP = "-Dorg.bytedeco.javacpp.maxBytes=4g";
    /** Options by which someone already chose the heap's size. */
    private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAM");
    static final String MALLOC_TUNABLES = "GLIBC_TUNABLES";
    static final String HUGE_PAGES = "glibc.malloc.hugetlb=1";
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

    /** What a relaunch adds to the settings it needs: glibc's huge pages, unless its tunables were chosen. */
    static Map<String, String> alongside(Map<String, String> environment) {
        return environment.containsKey(MALLOC_TUNABLES) ? Map.of() : Map.of(MALLOC_TUNABLES, HUGE_PAGES);
    }

    /** Whether the JVM's options (its command line and JAVA_TOOL_OPTIONS) already size the heap. */
    static boolean heapChosen(List<String> jvmOptions, String toolOptions) {
        List<String> all = new ArrayList<>(jvmOptions);
        if (toolOptions != null) {
            all.addAll(List.of(toolOptions.trim().split("\\s+")));
        }
        return all.stream().anyMatch(option -> HEAP_OPTIONS.stream().anyMatch(option::startsWith));
    }

    /** The relaunch's command: the JVM, the heap options it lacks, then this process's own arguments. */
    static List<String> withHeap(String executable, List<String> arguments, boolean heapChosen) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        if (!heapChosen) {
            command.add(DEFAULT_HEAP);
            if (arguments.stream().noneMatch(argument -> argument.startsWith("-Dorg.bytedeco.javacpp.maxBytes"))) {
                command.add(OFF_HEAP);
            }
        }
        command.addAll(arguments);
        return command;
    }

    /** {@code command} with the Vector API added after the JVM's executable, unless this JVM already resolved it. */
    static List<String> withVectorApi(List<String> command, boolean resolved) {
        if (resolved) {
            return command;
        }
        List<String> added = new ArrayList<>(command);
        added.add(1, Winograd.JVM_OPTION);
        return added;
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
        boolean heapChosen = heapChosen(ManagementFactory.getRuntimeMXBean().getInputArguments(),
                environment.get("JAVA_TOOL_OPTIONS"));
        if ((missing.isEmpty() && heapChosen) || environment.containsKey(RELAUNCHED)) {
            return Optional.empty();
        }
        String settings = describe(missing) + (heapChosen ? "" : (missing.isEmpty() ? "" : " ") + DEFAULT_HEAP);
        Optional<List<String>> command = currentCommand(heapChosen);
        if (command.isEmpty()) {
            System.err.println("WARNING: " + settings + " is not set: ND4J will train slower (busy-waiting threads make "
                    + "it 2-3x slower). Start CIFAR Lab with " + describe(SETTINGS) + " in its environment.");
            return Optional.empty();
        }
        Map<String, String> alongside = alongside(environment);
        System.err.println("CIFAR Lab: restarting with " + settings + " so training neither busy-waits nor "
                + "oversubscribes the cores and the heap stays bounded" + (alongside.isEmpty() ? "" : ", and "
                + describe(alongside) + " for huge pages") + " (set " + describe(SETTINGS) + " and -Xmx "
                + "yourself to skip this step).");
        ProcessBuilder builder = new ProcessBuilder(command.get()).inheritIO();
        builder.environment().putAll(alongside);
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

    private static Optional<List<String>> currentCommand(boolean heapChosen) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String> executable = info.command();
        Optional<String[]> arguments = info.arguments();
        if (executable.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(withVectorApi(withHeap(executable.get(), List.of(arguments.get()), heapChosen),
                ModuleLayer.boot().findModule(Winograd.MODULE).isPresent()));
    }
}
