package com.cifarlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Chooses which of the bundled ND4J binaries (AVX-512, AVX2, generic x86-64) this CPU can run.
 * JavaCPP loads the AVX-512 one first whenever it is on the class path and does not check the CPU:
 * on a CPU without AVX-512 the JVM dies with SIGILL while the library loads. Telling JavaCPP the
 * extension before ND4J's first use avoids that; it must run before any ND4J class initialises.
 */
public final class NativeBinaries {

    /** JavaCPP reads its {@code platform.extension} setting from this system property. */
    public static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /**
     * DL4J creates no oneDNN helper for its layers unless this is {@code "false"}, and its default is
     * {@code "true"}: without it the oneDNN build computes convolutions the slow way.
     */
    public static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";
    private static final Set<String> AVX512 = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> AVX2 = Set.of("avx2", "fma");

    private NativeBinaries() {
    }

    /**
     * Sets the extension from {@code /proc/cpuinfo} unless someone chose one already or the CPU is
     * unknown, and turns DL4J's oneDNN helpers on unless someone turned them off.
     */
    public static void selectForThisCpu() {
        if (System.getProperty(HELPERS_DISABLED) == null) {
            System.setProperty(HELPERS_DISABLED, "false");
        }
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            lines.stream().filter(line -> line.startsWith("flags")).findFirst()
                    .ifPresent(line -> System.setProperty(PROPERTY, extensionFor(Set.of(line.substring(line.indexOf(':') + 1)
                            .strip().split("\\s+")))));
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no /proc: leave JavaCPP's own choice.
        }
    }

    static String extensionFor(Set<String> cpuFlags) {
        if (cpuFlags.containsAll(AVX512)) {
            return "-onednn-avx512";
        }
        if (cpuFlags.containsAll(AVX2)) {
            return "-onednn-avx2";
        }
        return "-onednn";
    }
}
