package com.cifarlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux's {@code /proc} says about this process and the machine, for the bench: resident
 * memory counts the native arrays ND4J keeps outside the Java heap, which the JVM's own figures miss.
 * Elsewhere the readings are simply absent.
 */
final class ProcReadings {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path LOAD = Path.of("/proc/loadavg");

    private ProcReadings() {
    }

    /** The process's peak resident memory so far (VmHWM), in kB. */
    static OptionalLong peakResidentKb() {
        return read(STATUS).map(text -> kilobytes(text, "VmHWM")).orElse(OptionalLong.empty());
    }

    /** The process's resident memory now (VmRSS), in kB. */
    static OptionalLong residentKb() {
        return read(STATUS).map(text -> kilobytes(text, "VmRSS")).orElse(OptionalLong.empty());
    }

    /** The 1, 5 and 15 minute load averages, e.g. {@code "1.52 0.98 0.61"}. */
    static Optional<String> loadAverages() {
        return read(LOAD).map(ProcReadings::loadAverages);
    }

    /** The value of a {@code Name:   123 kB} line of a {@code /proc/<pid>/status} text. */
    static OptionalLong kilobytes(String status, String field) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(field) + ":\\s+(\\d+) kB$").matcher(status);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The first three fields of a {@code /proc/loadavg} text. */
    static String loadAverages(String loadavg) {
        String[] fields = loadavg.strip().split("\\s+");
        return String.join(" ", Arrays.copyOf(fields, Math.min(3, fields.length)));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
