package com.cifarlab.runs.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@code spring.jackson.*} cannot say: no value changes type on its way in. Jackson would
 * otherwise read {@code "epochs": "1"} as 1, {@code "name": 5} as "5", {@code ""} as null and
 * {@code [null]} as a list holding null; here each is a 400 that names the field.
 */
@Configuration(proxyBeanMethods = false)
class JsonStrictness {

    /** For each target type, the JSON shapes that are refused instead of converted. */
    private static final Map<LogicalType, List<CoercionInputShape>> REFUSED = Map.of(
            LogicalType.Integer, List.of(CoercionInputShape.String, CoercionInputShape.Float, CoercionInputShape.Boolean),
            LogicalType.Float, List.of(CoercionInputShape.String, CoercionInputShape.Boolean),
            LogicalType.Boolean, List.of(CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float),
            LogicalType.Textual, List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean),
            LogicalType.Enum, List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean));

    @Bean
    Jackson2ObjectMapperBuilderCustomizer noCoercions() {
        return builder -> builder.postConfigurer(mapper -> {
            REFUSED.forEach((type, shapes) -> shapes.forEach(shape ->
                    mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail)));
            mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
            mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
            mapper.configOverride(Collection.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        });
    }
}
