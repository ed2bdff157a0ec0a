package com.cifarlab.cluster;

import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.storage.Sha256;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainerLostException;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A training node seen from the dashboard: it trains a run by putting the order in the node's
 * queue and relaying what the node reports, on the calling worker's thread, as the local engine
 * would. The run service cannot tell the difference, so the queue, the shared computations, the
 * time limit and cancelling stay where they are.
 */
final class RemoteTrainer implements Trainer {

    /** How often a waiting worker looks at the cancel signal and the node's presence. */
    private static final long POLL_MILLIS = 100;
    /** A node's reason is shown to a student; a misbehaving node must not fill a page with it. */
    private static final int MAX_REASON = 300;

    private final HazelcastInstance grid;
    private final JobReports reports;
    private final String nodeId;
    private final String name;
    private volatile boolean lost;

    RemoteTrainer(HazelcastInstance grid, JobReports reports, String nodeId, String name) {
        this.grid = grid;
        this.reports = reports;
        this.nodeId = nodeId;
        this.name = name;
    }

    /** The node is gone: every run it trains ends INTERRUPTED at once. */
    void lost() {
        lost = true;
    }

    @Override
    public TrainingResult train(TrainingSpec spec, TrainingListener listener, CancelSignal cancel) {
        String job = UUID.randomUUID().toString();
        BlockingQueue<Wire.JobReport> mailbox = reports.open(job);
        String order = Wire.write(new Wire.JobOrder(job, spec));
        try {
            IQueue<String> jobs = grid.getQueue(Grid.jobsOf(nodeId));
            jobs.add(order);
            boolean cancelSent = false;
            while (true) {
                if (lost) {
                    throw lostException();
                }
                if (cancel.isCancelled() && !cancelSent) {
                    if (jobs.remove(order)) {
                        throw new TrainingCancelledException();
                    }
                    grid.getTopic(Grid.cancelsOf(nodeId)).publish(job);
                    cancelSent = true;
                }
                Wire.JobReport report = mailbox.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (report == null) {
                    continue;
                }
                if (report.event() != null) {
                    listener.on(report.event());
                }
                if (report.end() != null) {
                    return ended(spec, job, report.end());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw lostException();
        } catch (HazelcastInstanceNotActiveException e) {
            // The dashboard's own grid member is shutting down with the server.
            throw lostException();
        } catch (HazelcastException e) {
            throw new TrainerLostException("The dashboard lost touch with training node " + name
                    + " during this run; queue it again.");
        } finally {
            reports.close(job);
        }
    }

    /** How long a model may wait in the grid for a worker that no longer takes it (cancelled meanwhile). */
    static final long MODEL_TTL_MINUTES = 10;

    private TrainingResult ended(TrainingSpec spec, String job, Wire.JobEnd end) {
        switch (end.outcome()) {
            case CANCELLED -> throw new TrainingCancelledException();
            case FAILED -> throw new TrainingFailedException(reason(end.reason()));
            case SUCCEEDED -> {
                byte[] model = grid.<String, byte[]>getMap(Grid.MODELS).remove(job);
                if (model == null || model.length != end.modelBytes() || !Sha256.of(model).equals(end.modelSha256())
                        || !plausible(spec, end)) {
                    throw new TrainingFailedException("The trained model came back incomplete or damaged from training"
                            + " node " + name + "; queue the run again.");
                }
                return new TrainingResult(spec, end.epochs(), end.bestEpoch(), end.test(), file -> Files.write(file, model));
            }
            default -> throw new IllegalStateException("unknown outcome " + end.outcome());
        }
    }

    /** A result the pages can show: a test report over at most the ten classes, and no more epochs than the spec asked for. */
    private static boolean plausible(TrainingSpec spec, Wire.JobEnd end) {
        return end.test() != null && end.test().confusion() != null
                && end.test().confusion().classNames().size() <= CifarBinaryFormat.CLASSES
                && end.epochs() != null && !end.epochs().isEmpty() && end.epochs().size() <= spec.epochs()
                && end.bestEpoch() >= 1 && end.bestEpoch() <= end.epochs().size();
    }

    private TrainerLostException lostException() {
        return new TrainerLostException("The training machine " + name + " stopped during this run; queue it again.");
    }

    private String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "The training failed on training node " + name + ".";
        }
        String printable = reason.replaceAll("\\p{Cntrl}", " ").strip();
        return printable.length() <= MAX_REASON ? printable : printable.substring(0, MAX_REASON) + "…";
    }
}
