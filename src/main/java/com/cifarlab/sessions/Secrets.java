package com.cifarlab.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The secrets that let a student back into their lab session, and how they are kept: only a
 * SHA-256 hash of each reaches the disk, so a copy of the runs folder lets nobody in.
 *
 * <p>A credential (API token or browser cookie) is 32 random bytes. A resume code is 8 letters
 * and digits from an alphabet without look-alikes (no 0/O, 1/I/L), written {@code KXRT-4M9P}: short
 * enough to copy from paper, and guessing one is bounded by the join throttle.
 */
final class Secrets {

    static final String RESUME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    static final int RESUME_LENGTH = 8;

    private static final int CREDENTIAL_BYTES = 32;
    private static final int ID_BYTES = 9;

    private final SecureRandom random = new SecureRandom();

    String credential() {
        return randomText(CREDENTIAL_BYTES);
    }

    String sessionId() {
        return randomText(ID_BYTES);
    }

    String resumeCode() {
        return letters(RESUME_LENGTH / 2) + "-" + letters(RESUME_LENGTH / 2);
    }

    /** Random letters and digits that cannot be mistaken for each other when read aloud or from paper. */
    String letters(int count) {
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            text.append(RESUME_ALPHABET.charAt(random.nextInt(RESUME_ALPHABET.length())));
        }
        return text.toString();
    }

    /**
     * The code as typed, without spaces, dashes or case, or null when it cannot be a resume code
     * (so it never reaches a hash lookup).
     */
    static String normaliseResumeCode(String typed) {
        if (typed == null || typed.length() > 40) {
            return null;
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != RESUME_LENGTH || !code.chars().allMatch(c -> RESUME_ALPHABET.indexOf(c) >= 0)) {
            return null;
        }
        return code;
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
