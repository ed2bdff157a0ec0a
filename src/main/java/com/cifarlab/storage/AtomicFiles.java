package com.cifarlab.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that a reader, or a restart after a crash, sees the old file or the new one,
 * never half of one: to a temporary name in the same folder, flushed to the device, then renamed
 * over the real one.
 */
public final class AtomicFiles {

    /** Ends the name of a file being written; one left behind is the trace of a write that did not finish. */
    public static final String TEMP_SUFFIX = ".tmp";

    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, FileWriter writer) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
        try {
            Files.deleteIfExists(temp);
            writer.writeTo(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }
}
