package com.cifarlab.dataset;

import com.cifarlab.events.Broadcaster;
import com.cifarlab.events.ListenerRegistration;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Imports started from the dashboard. An import takes seconds to minutes (a download of 163 MB),
 * far longer than a page request may block, so it runs on a thread of its own, one at a time, and
 * everyone on the Data step follows the same job: a second person who opens the page during a
 * download sees its progress rather than starting another one.
 */
@Service
public class DatasetImports implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DatasetImports.class);

    private final DatasetService datasets;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "cifar-lab-import");
        thread.setDaemon(true);
        return thread;
    });
    private final Broadcaster<ImportJob> events = Broadcaster.simple("import");
    private volatile ImportJob latest;

    public DatasetImports(DatasetService datasets, Clock clock) {
        this.datasets = datasets;
        this.clock = clock;
    }

    /**
     * Starts importing the {@code .tar.gz} or {@code cifar-10-batches-bin} folder at
     * {@code pathOnServer}.
     *
     * @throws DatasetException when the text is no path of this server or an import is running
     */
    public ImportJob importFrom(String pathOnServer) {
        String text = pathOnServer == null ? "" : pathOnServer.strip();
        if (text.isEmpty()) {
            throw new DatasetException("Enter the path, on the server, of cifar-10-binary.tar.gz or of its "
                    + "extracted cifar-10-batches-bin folder.");
        }
        Path source;
        try {
            source = Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new DatasetException("'" + text + "' is not a path on this server: " + e.getReason() + ".");
        }
        return start(source.toString(), listener -> datasets.importFrom(source, listener));
    }

    /** Starts downloading the official archive (resuming a partial one) and importing it. */
    public ImportJob download() {
        return start("the official CIFAR-10 site", datasets::download);
    }

    /** The running import, or the last one that ended since the server started. */
    public Optional<ImportJob> latest() {
        return Optional.ofNullable(latest);
    }

    /**
     * Tells {@code listener} of every change of the current job, asynchronously. A failing
     * listener is logged and never stops the import.
     */
    public ListenerRegistration subscribe(Consumer<ImportJob> listener) {
        return events.subscribe(listener);
    }

    private synchronized ImportJob start(String origin, ImportAction action) {
        if (latest != null && latest.state() == ImportJob.State.RUNNING) {
            throw new DatasetException("An import from " + latest.origin()
                    + " is already running: wait for it to finish, its progress shows on the Data step.");
        }
        ImportJob job = ImportJob.started(origin, clock.instant());
        latest = job;
        worker.execute(() -> run(action));
        return job;
    }

    private void run(ImportAction action) {
        try {
            DatasetStatus status = action.run(progress -> update(job -> job.withProgress(progress)));
            update(job -> job.succeeded(status, clock.instant()));
        } catch (DatasetException e) {
            update(job -> job.failed(e.getMessage(), clock.instant()));
        } catch (RuntimeException e) {
            log.error("Import failed unexpectedly", e);
            update(job -> job.failed("The import stopped on an unexpected error (" + e.getClass().getSimpleName()
                    + "); the server's log has the details. The previous data, if any, is unchanged.", clock.instant()));
        }
    }

    private void update(UnaryOperator<ImportJob> change) {
        ImportJob job;
        synchronized (this) {
            job = change.apply(latest);
            latest = job;
        }
        events.publish(job);
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
        events.close();
    }

    @FunctionalInterface
    private interface ImportAction {
        DatasetStatus run(Consumer<ImportProgress> listener);
    }
}
