package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.evaluation.NetworkEvaluator;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.springframework.stereotype.Service;

/** Reads CIFAR Lab model files: DL4J's model zip with a {@code model-card.json} inside. */
@Service
public class Dl4jModelFiles implements ModelFiles {

    /** The entries DL4J's ModelSerializer writes and needs back. */
    private static final List<String> NETWORK_ENTRIES = List.of("configuration.json", "coefficients.bin");

    private final DatasetService datasets;

    public Dl4jModelFiles(DatasetService datasets) {
        this.datasets = datasets;
    }

    @Override
    public ModelCard inspect(Path file) {
        return load(file).card();
    }

    @Override
    public TestReport evaluate(Path file) {
        LoadedModel model = load(file);
        return evaluate(model, datasets.require());
    }

    /** Evaluates a loaded model on the test images of {@code data}. */
    public static TestReport evaluate(LoadedModel model, CifarDataset data) {
        NetworkEvaluator evaluator = new NetworkEvaluator(model.network(),
                Networks.measure(model.card().spec().loss()), model.card().classNames().size());
        return evaluator.testReport(data.test(), model.card().classNames());
    }

    /** Reads and checks {@code file} completely: the zip, the card, the network and that they agree. */
    public LoadedModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            // The whole path as given: which folder was searched is what a typo gets wrong.
            throw new InvalidModelFileException(file + " does not exist or is not a file.");
        }
        String name = file.getFileName().toString();
        ModelCard card = readCard(file, name);
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelFileException(name + " has a damaged network that cannot be read ("
                    + firstLine(e) + ").", e);
        }
        long expected = ModelSummary.of(card.spec().model()).totalParams();
        if (network.numParams() != expected) {
            throw new InvalidModelFileException(name + " holds a network with " + network.numParams()
                    + " parameters, but its model card describes one with " + expected + ".");
        }
        return new LoadedModel(network, card);
    }

    private static ModelCard readCard(Path file, String name) {
        try {
            if (Files.size(file) == 0) {
                throw new InvalidModelFileException(name + " is empty, so it is not a CIFAR Lab model file.");
            }
        } catch (IOException e) {
            throw new InvalidModelFileException(name + " cannot be read: " + e.getMessage(), e);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry cardEntry = zip.getEntry(Dl4jModelArtifact.CARD_ENTRY);
            if (cardEntry == null) {
                throw new InvalidModelFileException(name + " is a zip archive but not a CIFAR Lab model file: it has no "
                        + Dl4jModelArtifact.CARD_ENTRY + ".");
            }
            for (String entry : NETWORK_ENTRIES) {
                if (zip.getEntry(entry) == null) {
                    throw new InvalidModelFileException(name + " is not a complete CIFAR Lab model file: it has no "
                            + entry + ".");
                }
            }
            ModelCard card;
            try (InputStream in = zip.getInputStream(cardEntry)) {
                card = ModelCardJson.read(in);
            } catch (IOException | RuntimeException e) {
                throw new InvalidModelFileException(name + " has a damaged " + Dl4jModelArtifact.CARD_ENTRY + " ("
                        + firstLine(e) + ").", e);
            }
            if (!ModelCard.FORMAT.equals(card.format()) || card.spec() == null || card.classNames() == null) {
                throw new InvalidModelFileException(name + " has a model card in an unknown format ("
                        + card.format() + "); this CIFAR Lab reads " + ModelCard.FORMAT + ".");
            }
            return card;
        } catch (IOException e) {
            throw new InvalidModelFileException(name + " is not a CIFAR Lab model file: it is not a complete zip archive"
                    + " (it may be truncated or of another kind).", e);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
