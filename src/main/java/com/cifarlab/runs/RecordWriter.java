package com.cifarlab.runs;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes run records off the run service's lock, on one thread of its own: each record still
 * atomically (RunStore), the records of one run in the order they changed, and only the newest of
 * a run that changed again before its write began. Thirty students sharing one computation meant
 * thirty fsyncs under the lock at every epoch, while request threads waited on it.
 */
final class RecordWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);

    private final RunStore store;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(NamedThreads.factory("cifar-lab-records"));
    /** Records not written yet, at most one per run; guarded by {@code this}. */
    private final Map<String, RunRecord> pending = new LinkedHashMap<>();
    private boolean draining;

    RecordWriter(RunStore store) {
        this.store = store;
    }

    /** Queues the record for writing and returns at once. */
    synchronized void write(RunRecord record) {
        // A run that changed again replaces its older record, which keeps its place in the line.
        pending.put(record.id(), record);
        if (!draining) {
            draining = true;
            thread.execute(this::drain);
        }
    }

    /** Waits until every record queued so far is on disk. */
    synchronized void flush() throws InterruptedException {
        while (draining) {
            wait();
        }
    }

    private void drain() {
        while (true) {
            RunRecord next;
            synchronized (this) {
                Iterator<RunRecord> first = pending.values().iterator();
                if (!first.hasNext()) {
                    draining = false;
                    notifyAll();
                    return;
                }
                next = first.next();
                first.remove();
            }
            try {
                store.save(next);
            } catch (RuntimeException e) {
                // The run goes on in memory; only a restart would lose this step.
                log.error("Run {}: its record could not be written", next.id(), e);
            }
        }
    }

    /** Writes what is queued, then stops the writing thread. */
    @Override
    public void close() {
        try {
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Stopped before every run record was written");
        }
        thread.shutdown();
    }
}
