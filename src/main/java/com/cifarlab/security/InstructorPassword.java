package com.cifarlab.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The instructor's password hash. A configured password is used as it is. Without one, a random
 * password is generated on the first start, logged once, and only its hash is kept, in the runs
 * folder, so that a restart in the middle of a lab does not change the instructor's password (it
 * used to, every time). The file is readable by the server's user only; deleting it makes the next
 * start generate a new password.
 */
final class InstructorPassword {

    static final String FILE = ".instructor-password";

    private static final Logger log = LoggerFactory.getLogger(InstructorPassword.class);
    private static final String HASH_PREFIX = "{bcrypt}";

    private InstructorPassword() {
    }

    static String hash(String configured, Path runsDir, PasswordEncoder encoder) {
        if (configured != null && !configured.isBlank()) {
            return encoder.encode(configured);
        }
        Path file = runsDir.resolve(FILE);
        Optional<String> kept = read(file);
        if (kept.isPresent()) {
            log.info("The instructor's password is the one generated on the first start (its hash is kept in {})", file);
            return kept.get();
        }
        String password = generated();
        String hash = encoder.encode(password);
        if (write(file, hash)) {
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

    private static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String hash = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return hash.startsWith(HASH_PREFIX) ? Optional.of(hash) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean write(Path file, String hash) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = file.resolveSibling(FILE + ".tmp");
            Files.writeString(temp, hash + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the folder's own permissions protect it.
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
