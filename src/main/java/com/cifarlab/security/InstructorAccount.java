package com.cifarlab.security;

import com.cifarlab.config.CifarLabProperties;
import java.nio.file.Path;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The instructor's account as the instructor page changes it: a new password, kept as a hash. */
public class InstructorAccount {

    public static final int MIN_PASSWORD_LENGTH = 12;
    private static final int MAX_PASSWORD_LENGTH = 128;

    /** A password change that did not happen; the message says why. */
    public static class PasswordChangeException extends RuntimeException {
        PasswordChangeException(String message) {
            super(message);
        }
    }

    private final InMemoryUserDetailsManager accounts;
    private final PasswordEncoder encoder;
    private final Path runsDir;

    InstructorAccount(InMemoryUserDetailsManager accounts, PasswordEncoder encoder, CifarLabProperties properties) {
        this.accounts = accounts;
        this.encoder = encoder;
        this.runsDir = properties.runsDir();
    }

    /**
     * Changes the password once the current one is confirmed.
     *
     * @return whether the new password survives a restart (it could be kept in the runs folder)
     * @throws PasswordChangeException when the current password is wrong or the new one is unsuitable
     */
    public boolean changePassword(String current, String next, String repeated) {
        UserDetails account = accounts.loadUserByUsername(SecurityConfig.INSTRUCTOR_USER);
        if (current == null || !encoder.matches(current, account.getPassword())) {
            throw new PasswordChangeException("The current password is not right.");
        }
        if (next == null || next.length() < MIN_PASSWORD_LENGTH || next.length() > MAX_PASSWORD_LENGTH) {
            throw new PasswordChangeException("Choose a new password of " + MIN_PASSWORD_LENGTH + " to "
                    + MAX_PASSWORD_LENGTH + " characters.");
        }
        if (!next.equals(repeated)) {
            throw new PasswordChangeException("The two new passwords differ; type the same one twice.");
        }
        String hash = encoder.encode(next);
        accounts.updatePassword(account, hash);
        return InstructorPassword.keepChanged(runsDir, hash);
    }
}
