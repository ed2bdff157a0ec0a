package com.cifarlab.runs.api;

import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.training.TrainingSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads a posted run strictly: an unknown field (a typo such as {@code "epoch"}) or a value of
 * the wrong type is refused with a sentence naming the field, instead of being silently ignored
 * and training something the student did not ask for.
 */
@Component
class SpecReader {

    private final ObjectReader reader;
    private final ClassSettingsService classSettings;

    SpecReader(ObjectMapper json, ClassSettingsService classSettings) {
        this.classSettings = classSettings;
        this.reader = json.readerFor(TrainingSpecRequest.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * The spec for {@code body}; what it leaves out is the lab's, at the size the instructor set for
     * Step 5 (as the form opens).
     */
    TrainingSpec read(JsonNode body) {
        TrainingSpec defaults = classSettings.current().training().applyTo(TrainingSpec.labDefaults());
        if (body == null || body.isNull()) {
            return defaults;
        }
        if (!body.isObject()) {
            throw new InvalidSpecException(null, "The run must be a JSON object, such as {\"epochs\": 5}.");
        }
        try {
            TrainingSpecRequest request = reader.readValue(body);
            return request.toSpec(defaults);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidSpecException(path(e), "There is no field '" + path(e) + "'; the fields are "
                    + names(e.getKnownPropertyIds()) + ".");
        } catch (InvalidFormatException e) {
            String got = String.valueOf(e.getValue()).isBlank() ? "" : " (got " + shortened(e.getValue()) + ")";
            throw new InvalidSpecException(path(e), "Field '" + path(e) + "' must be " + expected(e.getTargetType())
                    + got + ".");
        } catch (InvalidNullException e) {
            throw new InvalidSpecException(path(e), "Field '" + path(e) + "' must not be null.");
        } catch (MismatchedInputException e) {
            throw new InvalidSpecException(path(e), "Field '" + path(e) + "' must be " + expected(e.getTargetType()) + ".");
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(null, "The run could not be read: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field at fault as the client wrote it, such as {@code model.hiddenLayers[0].units}. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The client's own value, echoed back only as far as a person would read it. */
    private static String shortened(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String names(Collection<Object> known) {
        return known.stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }
}
