package com.cifarlab.cluster;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts the nodes' reports by job: each remote run's worker waits on its own mailbox, so the
 * grid's event thread only parses and hands over, and a report for a job nobody waits for any
 * more (cancelled, or its node already dropped) goes nowhere.
 */
final class JobReports {

    private static final Logger log = LoggerFactory.getLogger(JobReports.class);

    static final String UNREADABLE = "The training node sent news of this run that the dashboard cannot read; queue it again.";

    private final Map<String, BlockingQueue<Wire.JobReport>> mailboxes = new ConcurrentHashMap<>();

    BlockingQueue<Wire.JobReport> open(String job) {
        BlockingQueue<Wire.JobReport> mailbox = new LinkedBlockingQueue<>();
        mailboxes.put(job, mailbox);
        return mailbox;
    }

    void close(String job) {
        mailboxes.remove(job);
    }

    /** Called on the grid's event thread with a message from a node. */
    void deliver(String message) {
        Wire.JobReport report;
        try {
            report = Wire.read(message, Wire.JobReport.class);
        } catch (Wire.BadMessageException e) {
            // A job whose end cannot be read would otherwise wait for its time limit.
            log.warn("{}; its job, if it names one, fails", e.getMessage());
            Wire.jobOf(message).ifPresent(job -> {
                BlockingQueue<Wire.JobReport> mailbox = mailboxes.get(job);
                if (mailbox != null) {
                    mailbox.add(new Wire.JobReport(job, null, Wire.JobEnd.failed(UNREADABLE)));
                }
            });
            return;
        }
        if (report.job() == null) {
            return;
        }
        BlockingQueue<Wire.JobReport> mailbox = mailboxes.get(report.job());
        if (mailbox != null) {
            mailbox.add(report);
        }
    }
}
