package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.ArchiveDownloader;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetImporter;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.dataset.DatasetSource;
import com.cifarlab.dataset.DatasetStatus;
import com.cifarlab.dataset.ImportProgress;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code data import <archive-or-folder>}, {@code data download} and {@code data info}, each
 * taking an optional {@code --data-dir DIR} that overrides {@code cifar-lab.data-dir} (or
 * {@code CIFAR_LAB_DATA_DIR}). They use the same {@link DatasetService} as the dashboard.
 */
final class DataCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** The lab's validation split, which {@code data info} shows the class balance of. */
    static final long LAB_SEED = 42;
    private static final int FIRST_LABELS = 10;
    private static final long UNKNOWN_TOTAL_LINE_BYTES = 10_000_000;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final CifarLabProperties settings;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    DataCommand(CifarLabProperties settings, Clock clock, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code data <args>} and returns the exit code: 0 done, 1 bad data or input, 2 bad usage. */
    int run(String[] args) {
        try {
            Path dataDir = settings.dataDir();
            List<String> words = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].equals("--data-dir")) {
                    words.add(args[i]);
                } else if (i + 1 < args.length) {
                    dataDir = Path.of(args[++i]);
                } else {
                    return usage("--data-dir needs a folder.");
                }
            }
            if (words.isEmpty()) {
                return usage("Say what to do with the data: import, download or info.");
            }
            DatasetService service = new DatasetService(new DatasetImporter(dataDir, clock),
                    new ArchiveDownloader(settings.downloadUrl(), ArchiveDownloader.OFFICIAL_MD5, clock));
            String command = words.get(0);
            return switch (command) {
                case "import" -> words.size() == 2
                        ? importFrom(service, Path.of(words.get(1)))
                        : usage("'data import' takes exactly one archive or folder.");
                case "download" -> words.size() == 1 ? download(service) : usage("'data download' takes no arguments.");
                case "info" -> words.size() == 1 ? info(service) : usage("'data info' takes no arguments.");
                default -> usage("'" + command + "' is not a data command; use import, download or info.");
            };
        } catch (InvalidPathException e) {
            err.println("'" + e.getInput() + "' is not a valid path: " + e.getReason() + ".");
            return FAILED;
        } catch (DatasetException e) {
            err.println(e.getMessage());
            return FAILED;
        }
    }

    private int importFrom(DatasetService service, Path source) {
        out.println("Importing " + source.toAbsolutePath().normalize() + " into " + service.batchesFolder());
        long start = clock.millis();
        DatasetStatus status = service.importFrom(source, progressPrinter());
        printSummary(status, start);
        return OK;
    }

    private int download(DatasetService service) {
        out.println("Downloading " + settings.downloadUrl() + " into " + service.batchesFolder());
        long start = clock.millis();
        DatasetStatus status = service.download(progressPrinter());
        printSummary(status, start);
        return OK;
    }

    private void printSummary(DatasetStatus status, long start) {
        Duration took = Duration.ofMillis(clock.millis() - start);
        out.printf(Locale.ROOT, "Imported %,d training and %,d test images into %s in %.1f s.%n",
                status.trainImages(), status.testImages(), status.location(), took.toMillis() / 1000.0);
    }

    /** One line per phase change and per 10% (or 10 MB when the size is unknown), enough for a terminal or a log. */
    private Consumer<ImportProgress> progressPrinter() {
        return new Consumer<>() {
            private ImportProgress.Phase phase;
            private long step = -1;

            @Override
            public void accept(ImportProgress progress) {
                if (progress.phase() == ImportProgress.Phase.DONE) {
                    return;
                }
                long current = progress.percent() >= 0
                        ? progress.percent() / 10
                        : progress.bytesDone() / UNKNOWN_TOTAL_LINE_BYTES;
                if (progress.phase() != phase || current != step) {
                    phase = progress.phase();
                    step = current;
                    out.println(progress.describe());
                }
            }
        };
    }

    private int info(DatasetService service) {
        DatasetStatus status = service.status();
        if (status.problem().isPresent()) {
            err.println(status.problem().get());
            return FAILED;
        }
        if (!status.imported()) {
            err.println("No data set in " + status.location() + " yet; import one with "
                    + "'java -jar cifar-lab.jar data import <cifar-10-binary.tar.gz or folder>'.");
            return FAILED;
        }
        CifarDataset dataset = service.require();
        DataSplit split = service.split(LAB_SEED);
        out.println("Location:  " + status.location());
        out.println("Source:    " + status.source().map(this::describe).orElse("not recorded"));
        out.printf(Locale.ROOT, "Images:    %,d training (%,d train + %,d validation, seed %d), %,d test%n",
                dataset.train().size(), split.trainSize(), split.validationSize(), LAB_SEED, dataset.test().size());
        out.println();
        printClassTable(dataset, split);
        out.println();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < Math.min(FIRST_LABELS, dataset.train().size()); i++) {
            int label = dataset.train().label(i);
            first.add(label + " " + dataset.classNames().get(label));
        }
        out.println("First " + first.size() + " training labels: " + String.join(", ", first));
        return OK;
    }

    private String describe(DatasetSource source) {
        return source.origin() + ", imported " + WHEN.format(source.importedAt().atZone(clock.getZone()));
    }

    private void printClassTable(CifarDataset dataset, DataSplit split) {
        int classes = dataset.classCount();
        int[] train = dataset.train().countPerClass(split.trainIndices(), classes);
        int[] validation = dataset.train().countPerClass(split.validationIndices(), classes);
        int[] test = dataset.test().countPerClass(classes);
        String row = "%-12s %8s %11s %8s%n";
        out.printf(Locale.ROOT, row, "Class", "Train", "Validation", "Test");
        for (int c = 0; c < classes; c++) {
            out.printf(Locale.ROOT, row, c + " " + dataset.classNames().get(c), count(train[c]), count(validation[c]),
                    count(test[c]));
        }
        out.printf(Locale.ROOT, row, "Total", count(split.trainSize()), count(split.validationSize()),
                count(dataset.test().size()));
    }

    private static String count(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private int usage(String problem) {
        err.println(problem + " Usage: data [--data-dir DIR] import <archive-or-folder> | download | info");
        return USAGE;
    }
}
