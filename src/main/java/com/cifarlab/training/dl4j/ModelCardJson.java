package com.cifarlab.training.dl4j;

import com.cifarlab.training.ModelCard;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code model-card.json}: indented so people can read it, tolerant of fields added by later
 * versions, and holding only the records' components (not derived values such as
 * {@code ModelSpec.isConvolutional()}).
 */
final class ModelCardJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

    private ModelCardJson() {
    }

    static byte[] write(ModelCard card) throws IOException {
        return MAPPER.writeValueAsBytes(card);
    }

    static ModelCard read(InputStream in) throws IOException {
        return MAPPER.readValue(in, ModelCard.class);
    }
}
