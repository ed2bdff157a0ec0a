package com.cifarlab.cluster;

import com.cifarlab.evaluation.TestReport;
import com.cifarlab.training.EngineIdentity;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingSpec;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard and its training nodes say to each other through the grid: JSON text, never
 * Java serialization (the JVM-wide filter refuses every class, and a node's bytes are as
 * untrusted as a browser's). The protocol number changes with any incompatible change; a node
 * that speaks another is refused by name.
 */
final class Wire {

    static final int PROTOCOL = 1;
    /** A test report with its confusion matrix and mistakes is a few KB; no message needs more than this. */
    private static final int MAX_MESSAGE = 1 << 20;

    /** A node asking to join: who it is, what it runs, and the grid client it speaks through. */
    record NodeHello(int protocol, String nodeId, String name, int workers, EngineIdentity engine, String clientId) {
    }

    /** The dashboard's answer: the name the node got, or why it is refused (a sentence for its operator). */
    record NodeVerdict(boolean accepted, String name, String reason) {

        static NodeVerdict accept(String name) {
            return new NodeVerdict(true, name, null);
        }

        static NodeVerdict refuse(String reason) {
            return new NodeVerdict(false, null, reason);
        }
    }

    /** One run for a node to train under {@code job}, an id that lives as long as this attempt. */
    record JobOrder(String job, TrainingSpec spec) {
    }

    /** How a job ended on its node. */
    enum Outcome { SUCCEEDED, FAILED, CANCELLED }

    /**
     * The end of a job: its curves, test report and the model's size and SHA-256 when it
     * succeeded (the model itself waits in the grid's model map under the job's id), else the reason.
     */
    record JobEnd(Outcome outcome, String reason, List<EpochMetrics> epochs, int bestEpoch, TestReport test,
                  long modelBytes, String modelSha256) {

        static JobEnd failed(String reason) {
            return new JobEnd(Outcome.FAILED, reason, List.of(), 0, null, 0, null);
        }

        static JobEnd cancelled() {
            return new JobEnd(Outcome.CANCELLED, null, List.of(), 0, null, 0, null);
        }
    }

    /** A node's news of a job: an event as the trainer emitted it, or the job's end. */
    record JobReport(String job, TrainingEvent event, JobEnd end) {
    }

    /** Training events keep no JSON annotations of their own: their types are named here, for the wire only. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(TrainingEvent.Started.class),
            @JsonSubTypes.Type(TrainingEvent.BatchProgress.class),
            @JsonSubTypes.Type(TrainingEvent.PhaseStarted.class),
            @JsonSubTypes.Type(TrainingEvent.EpochEnded.class),
            @JsonSubTypes.Type(TrainingEvent.Finished.class),
            @JsonSubTypes.Type(TrainingEvent.Failed.class),
            @JsonSubTypes.Type(TrainingEvent.Cancelled.class)})
    private interface TrainingEventTypes {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addMixIn(TrainingEvent.class, TrainingEventTypes.class)
            // A node of another release must still be able to say who it is and be refused by name.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Wire() {
    }

    static String write(Object message) {
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a cluster message cannot be written: " + message.getClass().getSimpleName(), e);
        }
    }

    /** Reads a message; text that is not one gives a {@link BadMessageException}, never a half-read object. */
    static <T> T read(String text, Class<T> type) {
        if (text == null || text.length() > MAX_MESSAGE) {
            throw new BadMessageException("a " + type.getSimpleName() + " that is missing or too long");
        }
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BadMessageException("a " + type.getSimpleName() + " that cannot be read");
        }
    }

    /** The job a message that cannot be read as a whole names, if it names one. */
    static Optional<String> jobOf(String text) {
        if (text == null || text.length() > MAX_MESSAGE) {
            return Optional.empty();
        }
        try {
            JsonNode job = JSON.readTree(text).get("job");
            return job != null && job.isTextual() ? Optional.of(job.asText()) : Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A message that is not what the protocol says; logged in one line, never thrown into the trainer. */
    static final class BadMessageException extends RuntimeException {
        BadMessageException(String what) {
            super("The cluster sent " + what);
        }
    }
}
