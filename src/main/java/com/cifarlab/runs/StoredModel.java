package com.cifarlab.runs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a run's model file was when it was saved: its size and SHA-256. A model is served only
 * while the file still matches, so a file truncated or changed on disk is never handed out as
 * the run's model.
 */
public record StoredModel(long size, String sha256) {

    static StoredModel of(Path file) throws IOException {
        return new StoredModel(Files.size(file), sha256(file));
    }

    /** The cheap check, for lists: the file is there and has its size. */
    boolean sizeMatches(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** The full check, before the file is served. */
    boolean matches(Path file) {
        try {
            return sizeMatches(file) && sha256(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
