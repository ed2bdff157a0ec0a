package com.cifarlab.runs;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Model files that students upload to check them (Step 8): each is received into a temporary
 * folder of its own under the name the student chose, so that every message names their file,
 * then read, checked and evaluated on the test set on this service's thread, never on the
 * request's, and deleted. Reading a file has a time limit, and each uploader has one file in
 * the checker at a time, so a class (or one hostile browser) cannot queue up work behind it. A
 * file that fails any check leaves nothing behind.
 */
@Service
public class ModelUploads implements DisposableBean {

    /** A model file checked and ready to evaluate; {@code uploader} holds the checker until it is evaluated or discarded. */
    public record ReceivedModel(String uploader, String fileName, Path file, ModelCard card) {
    }

    /** The test result of an uploaded model, with the card it carries. */
    public record EvaluatedModel(String fileName, ModelCard card, TestReport test) {
    }

    private static final String EXTENSION = ".zip";
    private static final int MAX_NAME_LENGTH = 100;
    private static final Duration CHECK_TIME_LIMIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ModelUploads.class);

    private final ModelFiles files;
    private final RunService runs;
    private final long maxSize;
    private final Duration checkTimeLimit;
    private final Set<String> busyUploaders = ConcurrentHashMap.newKeySet();
    // One evaluation at a time: each takes a second or two of full CPU, which training runs need too.
    private final ExecutorService checker = Executors.newSingleThreadExecutor(NamedThreads.factory("cifar-lab-model-check"));

    @Autowired
    public ModelUploads(ModelFiles files, RunService runs, CifarLabProperties properties) {
        this(files, runs, properties, CHECK_TIME_LIMIT);
    }

    ModelUploads(ModelFiles files, RunService runs, CifarLabProperties properties, Duration checkTimeLimit) {
        this.files = files;
        this.runs = runs;
        this.maxSize = properties.maxUploadSize();
        this.checkTimeLimit = checkTimeLimit;
    }

    /** The largest file accepted, in bytes. */
    public long maxSize() {
        return maxSize;
    }

    /** The size limit as students read it, e.g. "50 MB". */
    public String maxSizeText() {
        return describeSize(maxSize);
    }

    /**
     * Stores {@code content} on the calling thread (it is the request's body), then reads and
     * checks it on this service's thread. The future fails with an {@link InvalidModelFileException}
     * when the file is not a readable model file or its check takes longer than the time limit.
     *
     * @param uploader who uploads (their lab or browser session): one file each at a time
     * @param fileName the name the browser sent; only its last part is used
     * @throws InvalidModelFileException at once when the file is not a .zip, is larger than
     *                                   {@link #maxSize()}, breaks off, or the uploader's previous file is still being checked
     */
    public CompletableFuture<ReceivedModel> receive(String uploader, String fileName, InputStream content) {
        String name = safeName(fileName);
        if (!name.toLowerCase(Locale.ROOT).endsWith(EXTENSION)) {
            throw new InvalidModelFileException(notAZip(name));
        }
        if (!busyUploaders.add(uploader)) {
            throw new InvalidModelFileException("Your previous model file is still being checked; upload " + name
                    + " again when its result is shown.");
        }
        Path file = store(name, content, uploader);
        return CompletableFuture.supplyAsync(() -> new ReceivedModel(uploader, name, file, files.inspect(file)), checker)
                .orTimeout(checkTimeLimit.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((received, error) -> {
                    if (error != null) {
                        release(uploader, file);
                    }
                })
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(explained(error, name)));
    }

    /**
     * Evaluates a received model on the test set on this service's thread, then deletes it. The
     * future fails with an {@link InvalidModelFileException} when the file cannot be evaluated.
     */
    public CompletableFuture<EvaluatedModel> evaluate(ReceivedModel model) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new EvaluatedModel(model.fileName(), model.card(), files.evaluate(model.file()));
            } finally {
                release(model.uploader(), model.file());
            }
        }, checker).exceptionallyCompose(error -> CompletableFuture.failedFuture(explained(error, model.fileName())));
    }

    /**
     * Why the browser itself refused {@code fileName} (it checks the type and size before sending):
     * the same sentences the server gives for those checks.
     */
    public String refusal(String fileName) {
        String name = safeName(fileName);
        return name.toLowerCase(Locale.ROOT).endsWith(EXTENSION) ? tooLarge(name) : notAZip(name);
    }

    private static String notAZip(String name) {
        return name + " is not a .zip file; upload the model file (.zip) that a run's download gave you.";
    }

    private String tooLarge(String name) {
        return name + " is larger than the " + maxSizeText() + " a model file may have here.";
    }

    /** Deletes a received model that will not be evaluated. */
    public void discard(ReceivedModel model) {
        release(model.uploader(), model.file());
    }

    private Path store(String name, InputStream content, String uploader) {
        Path folder = null;
        try {
            folder = Files.createTempDirectory("cifar-lab-upload-");
            Path file = folder.resolve(name);
            copyAtMost(content, file, name);
            return file;
        } catch (IOException | RuntimeException e) {
            discardFolder(folder);
            busyUploaders.remove(uploader);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new InvalidModelFileException("The upload of " + name + " broke off before the end; try again.", e);
        }
    }

    private void release(String uploader, Path file) {
        discardFolder(file.getParent());
        busyUploaders.remove(uploader);
    }

    /** A sentence for the student whatever went wrong; internal texts only reach the log. */
    private InvalidModelFileException explained(Throwable error, String name) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof InvalidModelFileException invalid) {
            return invalid;
        }
        if (cause instanceof TimeoutException) {
            return new InvalidModelFileException("Checking " + name + " took longer than " + checkTimeLimit.toSeconds()
                    + " s, so it was refused; a CIFAR Lab model file is read in a second or two.");
        }
        log.warn("An uploaded model file, {}, could not be checked", name, cause);
        return new InvalidModelFileException(name + " could not be checked on the server; the problem was logged.");
    }

    /**
     * The run a model file came from, among those the caller may see: the newest succeeded run
     * trained with the card's spec whose test accuracy is the one on the card.
     */
    public Optional<RunSnapshot> origin(Caller caller, ModelCard card) {
        List<RunSnapshot> visible = runs.list(caller);
        return visible.stream()
                .filter(run -> run.state() == RunState.SUCCEEDED && run.test() != null)
                .filter(run -> run.spec().equals(card.spec()))
                .filter(run -> card.test() != null && run.test().accuracy() == card.test().accuracy())
                .max(Comparator.comparing(RunSnapshot::endedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }

    private void copyAtMost(InputStream content, Path file, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int read;
            while ((read = content.read(buffer)) != -1) {
                total += read;
                if (total > maxSize) {
                    throw new InvalidModelFileException(tooLarge(name));
                }
                out.write(buffer, 0, read);
            }
        }
    }

    /** The file's own name without any folder, with only characters that are safe in a file name. */
    static String safeName(String fileName) {
        String name = Objects.requireNonNullElse(fileName, "").replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        name = name.replaceAll("[^\\p{L}\\p{N} ._()+-]", "_");
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(name.length() - MAX_NAME_LENGTH);
        }
        return name.isEmpty() || name.chars().allMatch(c -> c == '.') ? "model" + EXTENSION : name;
    }

    static String describeSize(long bytes) {
        if (bytes >= 1_000_000) {
            return String.format(Locale.ENGLISH, "%,.0f MB", bytes / 1e6);
        }
        return String.format(Locale.ENGLISH, "%,.0f kB", bytes / 1e3);
    }

    private static void discardFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("An uploaded model in {} could not be deleted", folder, e);
        }
    }
}
