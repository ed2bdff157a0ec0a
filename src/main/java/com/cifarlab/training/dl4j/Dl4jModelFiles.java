package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.ModelFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.springframework.stereotype.Service;

/** Reads CIFAR Lab model files: DL4J's model zip with a {@code model-card.json} inside. */
@Service
public class Dl4jModelFiles implements ModelFiles {

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

    /**
     * Reads and checks {@code file} completely: the zip, the card, the network and that they agree.
     * Only the entries CIFAR Lab writes are read, each within a limit and without Java
     * deserialization ({@link ModelZip}); the files stay loadable by DL4J's own
     * {@code ModelSerializer}, which is what writes them.
     */
    public LoadedModel load(Path file) {
        if (!Files.isRegularFile(file)) {
            // The whole path as given: which folder was searched is what a typo gets wrong.
            throw new InvalidModelFileException(file + " does not exist or is not a file.");
        }
        String name = file.getFileName().toString();
        requireNotEmpty(file, name);
        try (ModelZip zip = ModelZip.open(file, name)) {
            ModelCard card = readCard(zip.card(), name);
            long parameters = ModelSummary.of(card.spec().model()).totalParams();
            // Generous for float or double weights and Adam's two moments, yet bounded by the card.
            long maxArrayBytes = parameters * 2 * Double.BYTES + 4096;
            MultiLayerConfiguration configuration = readConfiguration(zip.configuration(), name);
            // Counted from the configuration alone, before DL4J allocates anything for it.
            long declared = declaredParameters(configuration);
            if (declared != parameters) {
                throw new InvalidModelFileException(name + " holds a network with " + declared
                        + " parameters, but its model card describes one with " + parameters + ".");
            }
            INDArray coefficients = CheckedArrays.read(zip.required(ModelZip.COEFFICIENTS, maxArrayBytes),
                    length -> length == parameters, name, ModelZip.COEFFICIENTS);
            // The optimizer's state: none for SGD, one value per parameter for RMSprop, two for Adam.
            INDArray updaterState = zip.optional(ModelZip.UPDATER_STATE, maxArrayBytes)
                    .map(bytes -> CheckedArrays.read(bytes, length -> length % parameters == 0 && length <= 2 * parameters,
                            name, ModelZip.UPDATER_STATE))
                    .orElse(null);
            return new LoadedModel(assemble(configuration, coefficients, updaterState, name), card);
        }
    }

    private static MultiLayerConfiguration readConfiguration(byte[] json, String name) {
        try {
            return MultiLayerConfiguration.fromJson(new String(json, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new InvalidModelFileException(name + " has a damaged network configuration that cannot be read.", e);
        }
    }

    private static long declaredParameters(MultiLayerConfiguration configuration) {
        long total = 0;
        for (NeuralNetConfiguration layer : configuration.getConfs()) {
            total += layer.getLayer().initializer().numParams(layer);
        }
        return total;
    }

    private static MultiLayerNetwork assemble(MultiLayerConfiguration configuration, INDArray coefficients,
                                              INDArray updaterState, String name) {
        try {
            MultiLayerNetwork network = new MultiLayerNetwork(configuration);
            network.init(coefficients, false);
            if (updaterState != null && updaterState.length() > 0) {
                network.getUpdater().setStateViewArray(network, updaterState, false);
            }
            return network;
        } catch (RuntimeException e) {
            throw new InvalidModelFileException(name + " has a damaged network that cannot be read.", e);
        }
    }

    private static void requireNotEmpty(Path file, String name) {
        try {
            if (Files.size(file) == 0) {
                throw new InvalidModelFileException(name + " is empty, so it is not a CIFAR Lab model file.");
            }
        } catch (IOException e) {
            throw new InvalidModelFileException(name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static ModelCard readCard(byte[] bytes, String name) {
        ModelCard card;
        try {
            card = ModelCardJson.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelFileException(name + " has a damaged " + Dl4jModelArtifact.CARD_ENTRY
                    + " that cannot be read.", e);
        }
        if (!ModelCard.FORMAT.equals(card.format()) || card.spec() == null || card.classNames() == null) {
            throw new InvalidModelFileException(name + " has a model card in an unknown format; this CIFAR Lab reads "
                    + ModelCard.FORMAT + ".");
        }
        return card;
    }
}
