package com.cifarlab.runs;

import com.cifarlab.storage.StoredJson;
import com.cifarlab.training.TrainingSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Everything that determines a run's result, as one hash: the whole specification (model,
 * optimizer, loss, epochs, batch size, training subset and split, every seed) and what the engine
 * says decides its numbers besides (its build and the data set's fingerprint). Two runs with one
 * key give the same result to the last digit, so one computation serves both.
 */
final class ComputationKey {

    private ComputationKey() {
    }

    static String of(TrainingSpec spec, String resultsIdentity) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(StoredJson.MAPPER.writeValueAsBytes(spec));
            digest.update((byte) '\n');
            digest.update(resultsIdentity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("a training spec is always writable as JSON", e);
        }
    }
}
