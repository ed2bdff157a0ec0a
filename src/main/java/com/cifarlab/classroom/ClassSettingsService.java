package com.cifarlab.classroom;

import com.cifarlab.model.Architecture;
import com.cifarlab.storage.AtomicFiles;
import com.cifarlab.storage.StoredJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class settings in force, kept in {@code <runsDir>/.class-settings.json} so that a restart in
 * the middle of a lab keeps them. Reading them is a volatile read: every submission and every form
 * asks, and none of them waits for the instructor saving.
 */
public class ClassSettingsService {

    static final String FILE = ".class-settings.json";
    static final int FORMAT = 1;

    private static final Logger log = LoggerFactory.getLogger(ClassSettingsService.class);

    /** Format 1 of the file; kept apart from {@link ClassSettings} so that the record can change and old files still load. */
    record StoredSize(int epochs, int trainSize) {
    }

    record StoredSettings(int format, StoredSize losses, StoredSize training, StoredSize optimizers, int maxEpochs,
                          int maxTrainImages, Set<Architecture> models, int maxRunning, int maxWaiting) {
    }

    private final Path file;
    private final Object writeLock = new Object();
    private volatile ClassSettings current;

    /** @param initial the settings of a class whose instructor has not saved any yet */
    public ClassSettingsService(Path runsDir, ClassSettings initial) {
        this.file = runsDir.resolve(FILE);
        this.current = read().orElse(Objects.requireNonNull(initial, "initial"));
    }

    public ClassSettings current() {
        return current;
    }

    /**
     * Keeps {@code settings} and puts them in force: forms opened from now on start at its defaults,
     * and submissions from now on meet its caps (runs already queued keep their size).
     *
     * @throws UncheckedIOException when the file cannot be written; the settings in force stay as they were
     */
    public ClassSettings change(ClassSettings settings) {
        Objects.requireNonNull(settings, "settings");
        synchronized (writeLock) {
            try {
                AtomicFiles.write(file, temp -> Files.writeString(temp,
                        StoredJson.MAPPER.writeValueAsString(stored(settings)), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("The class settings cannot be kept in " + file, e);
            }
            current = settings;
        }
        log.info("Class settings changed: {}", settings);
        return settings;
    }

    private Optional<ClassSettings> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StoredSettings stored = StoredJson.MAPPER.readValue(file.toFile(), StoredSettings.class);
            if (stored.format() != FORMAT) {
                log.warn("The class settings in {} are of format {}, which this version cannot read; using the "
                        + "defaults until the instructor saves new ones", file, stored.format());
                return Optional.empty();
            }
            return Optional.of(new ClassSettings(size(stored.losses()), size(stored.training()),
                    size(stored.optimizers()), stored.maxEpochs(), stored.maxTrainImages(), stored.models(),
                    stored.maxRunning(), stored.maxWaiting()));
        } catch (IOException | RuntimeException e) {
            log.warn("The class settings in {} cannot be read ({}); using the defaults until the instructor saves "
                    + "new ones", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static RunSize size(StoredSize stored) {
        return stored == null ? null : new RunSize(stored.epochs(), stored.trainSize());
    }

    private static StoredSettings stored(ClassSettings settings) {
        return new StoredSettings(FORMAT, stored(settings.losses()), stored(settings.training()),
                stored(settings.optimizers()), settings.maxEpochs(), settings.maxTrainImages(), settings.models(),
                settings.maxRunning(), settings.maxWaiting());
    }

    private static StoredSize stored(RunSize size) {
        return new StoredSize(size.epochs(), size.trainSize());
    }
}
