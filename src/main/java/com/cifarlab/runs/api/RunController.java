package com.cifarlab.runs.api;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.ModelDownload;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A student's runs (bearer token), or every run for the instructor (HTTP Basic). The run
 * service applies the access rules and limits; this only translates HTTP.
 */
@RestController
@RequestMapping("/api/runs")
class RunController {

    private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

    private final RunService runs;
    private final SpecReader specs;

    RunController(RunService runs, SpecReader specs) {
        this.runs = runs;
        this.specs = specs;
    }

    @GetMapping
    List<RunSummary> list(Caller caller) {
        return runs.list(caller).stream().map(RunSummary::of).toList();
    }

    @PostMapping
    ResponseEntity<RunResponse> submit(Caller caller, @RequestBody(required = false) JsonNode body,
                                       UriComponentsBuilder uri) {
        RunSnapshot run = runs.submit(caller, specs.read(body));
        return ResponseEntity.created(uri.path("/api/runs/{id}").build(run.id())).body(RunResponse.of(run));
    }

    @GetMapping("/{id}")
    RunResponse get(Caller caller, @PathVariable String id) {
        return RunResponse.of(runs.get(caller, id));
    }

    /** Cancels: a waiting run at once, a running one within a batch (the answer may still say RUNNING). */
    @DeleteMapping("/{id}")
    RunResponse cancel(Caller caller, @PathVariable String id) {
        return RunResponse.of(runs.cancel(caller, id));
    }

    /** Queues a new run with the same spec. */
    @PostMapping("/{id}/rerun")
    ResponseEntity<RunResponse> rerun(Caller caller, @PathVariable String id, UriComponentsBuilder uri) {
        RunSnapshot run = runs.rerun(caller, id);
        return ResponseEntity.created(uri.path("/api/runs/{id}").build(run.id())).body(RunResponse.of(run));
    }

    @GetMapping("/{id}/model")
    ResponseEntity<Resource> model(Caller caller, @PathVariable String id) throws IOException {
        ModelDownload model = runs.model(caller, id);
        return ResponseEntity.ok()
                .contentType(ZIP)
                .contentLength(Files.size(model.file()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(model.fileName()).build().toString())
                .body(new FileSystemResource(model.file()));
    }
}
