package com.cifarlab.training.dl4j;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EngineIdentity;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Trains with DL4J on the shared in-memory CIFAR-10: mini-batches are built from its bytes into
 * one reused buffer, the training indices are reshuffled each epoch with the run's seed, and
 * every epoch is validated on the split's held-out images. Each run uses one BLAS thread.
 */
@Component
public class Dl4jTrainer implements Trainer {

    private final DatasetService datasets;
    private final Clock clock;
    private final Duration timeLimit;
    private final BatchHook hook;
    /** The native build a JVM loaded does not change: described once, not at every submission and estimate. */
    private final String engine;

    @Autowired
    public Dl4jTrainer(DatasetService datasets, CifarLabProperties properties, Clock clock) {
        this(datasets, properties.runTimeLimit(), clock, BatchHook.NONE);
        LoggerFactory.getLogger(Dl4jTrainer.class).info("Training engine: {}", engine);
    }

    Dl4jTrainer(DatasetService datasets, Duration timeLimit, Clock clock, BatchHook hook) {
        this.datasets = datasets;
        this.timeLimit = timeLimit;
        this.clock = clock;
        this.hook = hook;
        this.engine = OneDnn.describe();
    }

    /** DL4J's release, the native build it loaded (AVX2 and AVX-512 builds may differ in the last digits), the data. */
    @Override
    public String resultsIdentity() {
        return "deeplearning4j 1.0.0-M2.1; " + engine + "; data " + datasets.fingerprint();
    }

    @Override
    public EngineIdentity identity() {
        return new EngineIdentity("CIFAR Lab " + Versions.cifarLab() + ", deeplearning4j " + Versions.dl4j(), engine,
                datasets.fingerprint());
    }

    /** Trains on the imported data set and the lab's split for the spec's seed. */
    @Override
    public TrainingResult train(TrainingSpec spec, TrainingListener listener, CancelSignal cancel) {
        CifarDataset data;
        DataSplit split;
        try {
            data = datasets.require();
            split = datasets.split(spec.seed());
        } catch (DatasetException e) {
            listener.on(new TrainingEvent.Failed(e.getMessage()));
            throw new TrainingFailedException(e.getMessage(), e);
        }
        return train(spec, data, split, listener, cancel);
    }

    /** Trains on {@code data} with a given split, for callers that hold the data themselves (the command line, tests). */
    public TrainingResult train(TrainingSpec spec, CifarDataset data, DataSplit split, TrainingListener listener,
                                CancelSignal cancel) {
        return new TrainingRun(spec, data, split, listener, cancel, clock, timeLimit, hook, RunTimer.none()).execute();
    }
}
