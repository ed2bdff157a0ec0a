package com.cifarlab.runs.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every API error body.
 *
 * @param error a sentence for a person
 * @param field the request field at fault, when there is one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(String error, String field) {

    ApiError(String error) {
        this(error, null);
    }
}
