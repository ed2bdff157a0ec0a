package com.cifarlab.runs;

import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.training.TrainingSpec;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Whether the server has room for more work: disk in the runs folder for a run's record and model,
 * and heap for its training. Checked before a run is accepted and again before it starts, so that
 * a full disk or heap turns new work away with a sentence instead of failing runs half-way and
 * blaming their settings.
 */
public class ServerResources {

    /** Where the numbers come from; tests give their own. */
    public interface Readings {

        /** Bytes a new file may still take in {@code folder} (or its nearest existing parent). */
        long usableDiskBytes(Path folder) throws IOException;

        /** Heap in use after the most recent garbage collection: what is really live. */
        long heapLiveBytes();

        long heapMaxBytes();
    }

    /** Heap live after a collection beyond this share of the maximum is critical. */
    static final double CRITICAL_HEAP_SHARE = 0.9;
    /** A run is not to blame for running out of memory when it needs less than this share of the heap. */
    static final double RUN_SHARE_OF_HEAP = 0.25;

    private final Path runsDir;
    private final long reserveBytes;
    private final Readings readings;

    public ServerResources(Path runsDir, long reserveBytes, Readings readings) {
        this.runsDir = runsDir;
        this.reserveBytes = reserveBytes;
        this.readings = readings;
    }

    /** The real disk and heap of this JVM. */
    public static ServerResources of(Path runsDir, long reserveBytes) {
        return new ServerResources(runsDir, reserveBytes, JvmReadings.INSTANCE);
    }

    /** @throws DiskFullException when the runs folder has no room for {@code spec}'s files and the reserve */
    public void requireDiskFor(TrainingSpec spec) {
        long needed = filesBytes(spec) + reserveBytes;
        long usable;
        try {
            usable = readings.usableDiskBytes(runsDir);
        } catch (IOException e) {
            throw new DiskFullException("its runs folder cannot be read.");
        }
        if (usable < needed) {
            throw new DiskFullException("it has " + megabytes(usable) + " free in its runs folder, and a run needs about "
                    + megabytes(needed) + ".");
        }
    }

    /** @throws LowMemoryException while the heap is critically full */
    public void requireHeap() {
        if (heapCritical()) {
            throw new LowMemoryException();
        }
    }

    public boolean heapCritical() {
        long max = readings.heapMaxBytes();
        return max > 0 && readings.heapLiveBytes() > CRITICAL_HEAP_SHARE * max;
    }

    /**
     * Whether a run that ran out of memory did so because of its own settings: only when its
     * estimated need is a large share of the heap; otherwise the server was short of memory.
     */
    public boolean runNeedsMuchOfTheHeap(TrainingSpec spec) {
        return trainingBytes(spec) > RUN_SHARE_OF_HEAP * readings.heapMaxBytes();
    }

    /** The record, the curves and a model file with the optimizer's state (two more values per weight), with room to spare. */
    static long filesBytes(TrainingSpec spec) {
        return ModelSummary.of(spec.model()).totalParams() * Float.BYTES * 3 + (1 << 20);
    }

    /** Weights, gradients and the optimizer's state, plus a batch's activations several times over. */
    static long trainingBytes(TrainingSpec spec) {
        long perImage = activationsPerImage(spec.model());
        return ModelSummary.of(spec.model()).totalParams() * Float.BYTES * 4
                + (long) spec.batchSize() * perImage * Float.BYTES * 4;
    }

    /** The values one image makes flow through the network, layer by layer (an estimate, not an allocation plan). */
    private static long activationsPerImage(ModelSpec model) {
        if (model.isConvolutional()) {
            // Conv 32/64/128 at 32, 16 and 8 pixels, each then pooled, then Dense 256 and 10.
            return 32L * 32 * 32 + 16 * 16 * 32 + 16 * 16 * 64 + 8 * 8 * 64 + 8 * 8 * 128 + 4 * 4 * 128 + 256 + 10;
        }
        return ModelSpec.INPUT_SIZE + model.hiddenLayers().stream().mapToLong(HiddenLayer::units).sum() + ModelSpec.CLASSES;
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ENGLISH, "%,d MB", Math.max(0, bytes) / 1_000_000);
    }

    /** Live heap as the garbage collector last measured it, from its notifications. */
    static final class JvmReadings implements Readings {

        /** One listener on the collectors for the whole JVM, however many services read it. */
        static final JvmReadings INSTANCE = new JvmReadings();

        private final AtomicLong liveAfterGc = new AtomicLong();

        private JvmReadings() {
            Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .map(MemoryPoolMXBean::getName)
                    .collect(Collectors.toSet());
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((notification, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                            Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo
                                    .from((CompositeData) notification.getUserData()).getGcInfo().getMemoryUsageAfterGc();
                            liveAfterGc.set(heapPools.stream().map(after::get).filter(Objects::nonNull)
                                    .mapToLong(MemoryUsage::getUsed).sum());
                        }
                    }, null, null);
                }
            }
        }

        @Override
        public long usableDiskBytes(Path folder) throws IOException {
            Path existing = folder.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                throw new IOException("no part of " + folder + " exists");
            }
            return Files.getFileStore(existing).getUsableSpace();
        }

        @Override
        public long heapLiveBytes() {
            return liveAfterGc.get();
        }

        @Override
        public long heapMaxBytes() {
            return Runtime.getRuntime().maxMemory();
        }
    }
}
