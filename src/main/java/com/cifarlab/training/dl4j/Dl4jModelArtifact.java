package com.cifarlab.training.dl4j;

import com.cifarlab.training.ModelArtifact;
import com.cifarlab.training.ModelCard;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained network and its card, written as one zip: DL4J's own model format (configuration,
 * weights and the optimizer's state, so training can go on from it) plus {@code model-card.json}.
 * The file appears complete or not at all: it is written beside the target and then moved.
 */
final class Dl4jModelArtifact implements ModelArtifact {

    static final String CARD_ENTRY = "model-card.json";

    private final MultiLayerNetwork network;
    private final ModelCard card;

    Dl4jModelArtifact(MultiLayerNetwork network, ModelCard card) {
        this.network = network;
        this.card = card;
    }

    ModelCard card() {
        return card;
    }

    MultiLayerNetwork network() {
        return network;
    }

    @Override
    public synchronized void writeTo(Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path folder = Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".part");
        try {
            ModelSerializer.writeModel(network, temp.toFile(), true);
            try (FileSystem zip = FileSystems.newFileSystem(temp)) {
                Files.write(zip.getPath(CARD_ENTRY), ModelCardJson.write(card));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
