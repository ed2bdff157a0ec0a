package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.dl4j.Dl4jModelFiles;
import com.cifarlab.training.dl4j.LoadedModel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;

/** {@code evaluate}: loads a model file and measures it on the 10,000 test images. */
final class EvaluateCommand {

    static final String USAGE = "evaluate --model FILE [--data ARCHIVE-OR-FOLDER]";
    private static final Set<String> OPTIONS = Set.of("--model", "--data");

    private final CifarLabProperties properties;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    EvaluateCommand(CifarLabProperties properties, Clock clock, PrintStream out, PrintStream err) {
        this.properties = properties;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        return Failures.guard(err, () -> evaluate(args));
    }

    private int evaluate(String[] args) {
        Options options = Options.parse(args, OPTIONS);
        Path file = Path.of(options.text("--model").orElseThrow(() -> new UsageException(
                "Say which model to evaluate: " + USAGE)));
        LoadedModel model = new Dl4jModelFiles(new DatasetService(properties)).load(file);
        ModelCard card = model.card();
        out.printf(Locale.ROOT, "%s: %s, %,d parameters, trained %d epochs with %s (learning rate %s), %s, seed %d.%n",
                file.getFileName(), card.spec().model().architecture(), card.parameters(), card.epochs().size(),
                card.spec().optimizer(), card.spec().learningRate(), card.spec().loss(), card.seed());
        CifarDataset data = DataSource.load(options.text("--data"), properties, clock);
        TestReport report = Dl4jModelFiles.evaluate(model, data);
        TrainCommand.printTestReport(out, report);
        return 0;
    }
}
