package com.cifarlab.security;

import com.cifarlab.storage.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The instructor's password hash. A configured password is used as it is. Without one, a random
 * password is generated on the first start, logged once, and only its hash is kept, in the runs
 * folder, so that a restart in the middle of a lab does not change the instructor's password (it
 * used to, every time). A password the instructor changes on the instructor page is kept the same
 * way, marked as such, and wins over the setting. The file is readable by the server's user only;
 * deleting it makes the next start use the setting, or generate a new password.
 */
final class InstructorPassword {

    static final String FILE = ".instructor-password";

    private static final Logger log = LoggerFactory.getLogger(InstructorPassword.class);
    private static final String HASH_PREFIX = "{bcrypt}";
    private static final String CHANGED_ON_PAGE = "changed on the instructor page";

    private record Kept(String hash, boolean changedOnPage) {
    }

    private InstructorPassword() {
    }

    static String hash(String configured, Path runsDir, PasswordEncoder encoder) {
        Path file = runsDir.resolve(FILE);
        Optional<Kept> kept = read(file);
        if (kept.isPresent() && kept.get().changedOnPage()) {
            log.info("The instructor's password is the one set on the instructor page (its hash is kept in {}; "
                    + "delete that file to go back to the setting)", file);
            return kept.get().hash();
        }
        if (configured != null && !configured.isBlank()) {
            return encoder.encode(configured);
        }
        if (kept.isPresent()) {
            log.info("The instructor's password is the one generated on the first start (its hash is kept in {})", file);
            return kept.get().hash();
        }
        String password = generated();
        String hash = encoder.encode(password);
        if (write(file, hash, false)) {
            log.warn("No instructor password is set (cifar-lab.instructor-password or CIFAR_LAB_INSTRUCTOR_PASSWORD). "
                    + "Log in as '{}' with this generated password; it stays the same across restarts (only its hash "
                    + "is kept, in {}): {}", SecurityConfig.INSTRUCTOR_USER, file, password);
        } else {
            log.warn("No instructor password is set (cifar-lab.instructor-password or CIFAR_LAB_INSTRUCTOR_PASSWORD), "
                    + "and {} cannot be written. Log in as '{}' with this generated password, valid until the server "
                    + "stops: {}", file, SecurityConfig.INSTRUCTOR_USER, password);
        }
        return hash;
    }

    /**
     * Keeps the hash of a password the instructor set on the instructor page.
     *
     * @return whether it could be kept (else it holds until the server stops)
     */
    static boolean keepChanged(Path runsDir, String hash) {
        return write(runsDir.resolve(FILE), hash, true);
    }

    private static Optional<Kept> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            String hash = lines.isEmpty() ? "" : lines.get(0).strip();
            boolean changed = lines.size() > 1 && lines.get(1).strip().equals(CHANGED_ON_PAGE);
            return hash.startsWith(HASH_PREFIX) ? Optional.of(new Kept(hash, changed)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean write(Path file, String hash, boolean changedOnPage) {
        try {
            AtomicFiles.write(file, temp -> {
                Files.writeString(temp, hash + "\n" + (changedOnPage ? CHANGED_ON_PAGE + "\n" : ""),
                        StandardCharsets.US_ASCII);
                try {
                    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system: the folder's own permissions protect it.
                }
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String generated() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
