package com.cifarlab.dataset;

import com.cifarlab.dataset.ImportProgress.Phase;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the bytes of one import phase and turns them into {@link ImportProgress} events: one to
 * the listener per whole percent (a UI needs no more), one log line per 5% so a server log shows
 * a slow download without drowning in it.
 */
final class ProgressMeter {

    private static final Logger log = LoggerFactory.getLogger(ProgressMeter.class);
    private static final int LOG_EVERY_PERCENT = 5;
    /** With no known total, report each megabyte and log each 16. */
    private static final long UNKNOWN_TOTAL_STEP = 1 << 20;
    private static final long UNKNOWN_TOTAL_LOG_STEP = 16 << 20;

    private final Phase phase;
    private final long total;
    private final long initial;
    private final Clock clock;
    private final Instant start;
    private final Consumer<ImportProgress> listener;
    private final String subject;
    private long done;
    private long lastReported = -1;
    private long lastLogged = -1;
    private long reportedDone = -1;

    /** Starts counting at {@code initial} bytes (what a resumed download already has) and reports that point. */
    ProgressMeter(Phase phase, long initial, long total, Clock clock, Consumer<ImportProgress> listener, String subject) {
        this.phase = phase;
        this.initial = initial;
        this.done = initial;
        this.total = total;
        this.clock = clock;
        this.start = clock.instant();
        this.listener = listener;
        this.subject = subject;
        report(false);
    }

    void add(long bytes) {
        done += bytes;
        report(false);
    }

    /** Reports the end of the phase even when the last step fell between two percent marks. */
    void finish() {
        report(true);
    }

    long done() {
        return done;
    }

    private void report(boolean last) {
        long step = total > 0 ? done * 100 / total : done / UNKNOWN_TOTAL_STEP;
        if ((last && done != reportedDone) || step != lastReported) {
            lastReported = step;
            reportedDone = done;
            ImportProgress progress = new ImportProgress(phase, done, total, rate());
            listener.accept(progress);
            long logStep = total > 0 ? step / LOG_EVERY_PERCENT : done / UNKNOWN_TOTAL_LOG_STEP;
            if (logStep != lastLogged || last) {
                lastLogged = logStep;
                log.info("{} {}", subject, progress.describe());
            }
        }
    }

    private long rate() {
        long millis = clock.millis() - start.toEpochMilli();
        return millis <= 0 ? 0 : (done - initial) * 1000 / millis;
    }
}
