package com.cifarlab.runs.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Any other {@code /api} request: without this, Vaadin's catch-all would answer it with an
 * HTML page. Also catches a known path with the wrong method.
 */
@RestController
class ApiFallbackController {

    private static final String ENDPOINTS = "POST /api/sessions, GET and POST /api/runs, GET and DELETE /api/runs/{id}, "
            + "POST /api/runs/{id}/rerun, GET /api/runs/{id}/model, GET /api/instructor/runs, GET /api/instructor/damaged-runs";

    @RequestMapping("/api/**")
    ResponseEntity<ApiError> noSuchEndpoint(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError(
                "There is no " + request.getMethod() + " " + request.getRequestURI() + "; the API has " + ENDPOINTS + "."));
    }
}
