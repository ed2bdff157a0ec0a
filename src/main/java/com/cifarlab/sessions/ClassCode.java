package com.cifarlab.sessions;

import com.cifarlab.storage.AtomicFiles;
import com.cifarlab.storage.StoredJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code a student needs to join the class. The instructor sets it on the instructor page
 * (kept in {@code <runsDir>/.class-code.json}, and from then on it wins over the setting);
 * otherwise it is the setting {@code cifar-lab.class-code}; when neither exists one is generated on
 * the first start and kept in the same file, so a restart does not change it. Codes compare
 * ignoring case, spaces and dashes.
 */
public final class ClassCode {

    static final String FILE = ".class-code.json";

    private static final Logger log = LoggerFactory.getLogger(ClassCode.class);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9]{4,20}");

    /** Format 1 of the file. */
    record StoredCode(int format, String code) {
    }

    private final Path file;
    private volatile String code;

    ClassCode(String configured, Path runsDir) {
        this.file = runsDir.resolve(FILE);
        String kept = read();
        if (kept != null) {
            code = kept;
        } else if (configured != null && !configured.isBlank()) {
            code = normalise(configured);
            if (code == null) {
                throw new IllegalArgumentException("cifar-lab.class-code must be 4 to 20 letters and digits");
            }
        } else {
            code = generated();
            write(code);
            log.info("No class code is set (cifar-lab.class-code); students join with the generated code {}, "
                    + "shown on the instructor page and kept across restarts", code);
        }
    }

    /** The code as the instructor shows it to the class. */
    public String current() {
        return code;
    }

    /** Whether {@code typed} is the class's code; compared in constant time. */
    boolean matches(String typed) {
        String candidate = normalise(typed);
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.US_ASCII),
                code.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Sets a new code; students who joined stay in, new students need the new code.
     *
     * @throws IllegalArgumentException with a sentence for the instructor when the code is not usable
     */
    public String change(String newCode) {
        String normalised = normalise(newCode);
        if (normalised == null) {
            throw new IllegalArgumentException("A class code is 4 to 20 letters and digits (dashes and spaces are "
                    + "ignored).");
        }
        write(normalised);
        code = normalised;
        return normalised;
    }

    static String normalise(String typed) {
        if (typed == null || typed.length() > 60) {
            return null;
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return VALID.matcher(code).matches() ? code : null;
    }

    private String read() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return normalise(StoredJson.MAPPER.readValue(file.toFile(), StoredCode.class).code());
        } catch (IOException | RuntimeException e) {
            log.warn("The class code file {} cannot be read; using the setting or a new code", file);
            return null;
        }
    }

    private void write(String value) {
        try {
            AtomicFiles.write(file, temp -> Files.writeString(temp,
                    StoredJson.MAPPER.writeValueAsString(new StoredCode(1, value)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("The class code cannot be kept in " + file, e);
        }
    }

    private static String generated() {
        return new Secrets().letters(6);
    }
}
