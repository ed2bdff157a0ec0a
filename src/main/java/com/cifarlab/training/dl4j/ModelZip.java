package com.cifarlab.training.dl4j;

import com.cifarlab.training.InvalidModelFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The entries of a model file, read only after the archive has been checked against what CIFAR
 * Lab itself writes. A model file comes from a browser as often as from our own runs, so nothing
 * in it is trusted: an entry outside the allowlist (DL4J's {@code preprocessor.bin} above all,
 * which {@code ModelSerializer} would hand to {@code ObjectInputStream}), a name that points
 * outside the archive, a nested archive, a repeated name or an entry that inflates past its limit
 * refuses the whole file before any of it is parsed. The limits are counted on the bytes really
 * inflated, not on the sizes the archive claims.
 */
final class ModelZip implements AutoCloseable {

    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    static final String UPDATER_STATE = "updaterState.bin";

    private static final int MAX_ENTRIES = 16;
    private static final long MAX_CARD_BYTES = 1 << 20;
    private static final long MAX_CONFIGURATION_BYTES = 1 << 20;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final String name;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries;

    private ModelZip(String name, ZipFile zip, Map<String, ZipEntry> entries) {
        this.name = name;
        this.zip = zip;
        this.entries = entries;
    }

    /**
     * Opens {@code file} and checks every entry's name; nothing is inflated yet. {@code name} is
     * the file name people know.
     */
    static ModelZip open(Path file, String name) {
        ZipFile zip = null;
        try {
            zip = new ZipFile(file.toFile());
            Map<String, ZipEntry> byName = new HashMap<>();
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (byName.size() >= MAX_ENTRIES) {
                    throw refused(name, "it has more entries than a model file ever has");
                }
                checkPath(name, entry.getName());
                if (byName.putIfAbsent(entry.getName(), entry) != null) {
                    throw refused(name, "it holds the entry " + entry.getName() + " twice");
                }
            }
            if (!byName.containsKey(Dl4jModelArtifact.CARD_ENTRY)) {
                throw new InvalidModelFileException(name + " is a zip archive but not a CIFAR Lab model file: it has no "
                        + Dl4jModelArtifact.CARD_ENTRY + ".");
            }
            byName.keySet().forEach(entryName -> checkAllowed(name, entryName));
            return new ModelZip(name, zip, byName);
        } catch (IOException e) {
            closeQuietly(zip);
            throw notAZip(name, e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    /** The model card's bytes. */
    byte[] card() {
        return required(Dl4jModelArtifact.CARD_ENTRY, MAX_CARD_BYTES);
    }

    byte[] configuration() {
        return required(CONFIGURATION, MAX_CONFIGURATION_BYTES);
    }

    /** An entry that must be there, inflated to at most {@code limit} bytes. */
    byte[] required(String entryName, long limit) {
        return optional(entryName, limit).orElseThrow(() -> new InvalidModelFileException(name
                + " is not a complete CIFAR Lab model file: it has no " + entryName + "."));
    }

    Optional<byte[]> optional(String entryName, long limit) {
        ZipEntry entry = entries.get(entryName);
        if (entry == null) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] content = readAtMost(in, limit, name, entryName);
            if (startsWithZip(content)) {
                throw refused(name, "its entry " + entryName + " is itself an archive");
            }
            return Optional.of(content);
        } catch (IOException e) {
            throw notAZip(name, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static InvalidModelFileException notAZip(String name, IOException e) {
        return new InvalidModelFileException(name + " is not a CIFAR Lab model file: it is not a complete zip archive"
                + " (it may be truncated or of another kind).", e);
    }

    private static void closeQuietly(ZipFile zip) {
        if (zip != null) {
            try {
                zip.close();
            } catch (IOException e) {
                // Only read from: nothing is lost when closing fails.
            }
        }
    }

    private static void checkPath(String file, String entryName) {
        String normal = entryName.replace('\\', '/');
        if (normal.startsWith("/") || normal.contains("../") || normal.equals("..") || normal.endsWith("/..")
                || (normal.length() > 1 && normal.charAt(1) == ':')) {
            throw refused(file, "its entry " + printable(entryName) + " points outside the archive");
        }
    }

    private static void checkAllowed(String file, String entryName) {
        if (!isAllowed(entryName)) {
            throw refused(file, "it contains " + printable(entryName) + ", which CIFAR Lab never writes (a model file holds "
                    + String.join(", ", CONFIGURATION, COEFFICIENTS, UPDATER_STATE, Dl4jModelArtifact.CARD_ENTRY) + ")");
        }
    }

    private static boolean isAllowed(String entryName) {
        return entryName.equals(CONFIGURATION) || entryName.equals(COEFFICIENTS) || entryName.equals(UPDATER_STATE)
                || entryName.equals(Dl4jModelArtifact.CARD_ENTRY);
    }

    private static byte[] readAtMost(InputStream in, long limit, String file, String entryName) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) != -1) {
            total += read;
            if (total > limit) {
                throw refused(file, "its entry " + entryName + " inflates to more than " + megabytes(limit)
                        + ", far more than a CIFAR Lab model needs");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static boolean startsWithZip(byte[] content) {
        if (content.length < ZIP_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < ZIP_MAGIC.length; i++) {
            if (content[i] != ZIP_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ENGLISH, "%,.1f MB", bytes / 1e6);
    }

    /** Entry names come from the file: shown only as letters, digits and a few signs, and never long. */
    private static String printable(String entryName) {
        String safe = entryName.replaceAll("[^\\p{L}\\p{N}._/-]", "?");
        return "'" + (safe.length() > 60 ? safe.substring(0, 60) + "…" : safe) + "'";
    }

    private static InvalidModelFileException refused(String file, String why) {
        return new InvalidModelFileException(file + " was refused: " + why + ".");
    }
}
