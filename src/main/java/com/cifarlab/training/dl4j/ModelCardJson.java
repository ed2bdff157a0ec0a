package com.cifarlab.training.dl4j;

import com.cifarlab.training.ModelCard;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;

/** {@code model-card.json}: indented so people can read it, tolerant of fields added by later versions. */
final class ModelCardJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelCardJson() {
    }

    static byte[] write(ModelCard card) throws IOException {
        return MAPPER.writeValueAsBytes(card);
    }

    static ModelCard read(InputStream in) throws IOException {
        return MAPPER.readValue(in, ModelCard.class);
    }
}
