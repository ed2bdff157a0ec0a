package com.cifarlab.ui.components;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.ModelDownload;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunStateException;
import com.vaadin.flow.server.HttpStatusCode;
import com.vaadin.flow.server.streams.DownloadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the pages stream a run's model zip. The model is looked up when the browser asks for
 * it, not when the link is drawn: by then the run may be gone, and the answer is a 404 or 409 with
 * the reason rather than an error page. A download the browser abandons half-way (a closed tab, a
 * sleeping laptop) is one line in the log, not a stack trace.
 */
public final class ModelDownloadHandler {

    private static final Logger log = LoggerFactory.getLogger(ModelDownloadHandler.class);

    private ModelDownloadHandler() {
    }

    public static DownloadHandler forRun(RunService runs, Caller caller, String runId) {
        return event -> {
            ModelDownload model;
            try {
                model = runs.model(caller, runId);
            } catch (RunNotFoundException e) {
                event.getResponse().sendError(HttpStatusCode.NOT_FOUND.getCode(), e.getMessage());
                return;
            } catch (RunStateException e) {
                event.getResponse().sendError(HttpStatusCode.CONFLICT.getCode(), e.getMessage());
                return;
            }
            event.setFileName(model.fileName());
            event.setContentType("application/zip");
            event.setContentLength(Files.size(model.file()));
            try (InputStream in = Files.newInputStream(model.file())) {
                in.transferTo(event.getOutputStream());
            } catch (IOException e) {
                log.info("The download of run {}'s model stopped before the end ({})", runId, e.toString());
            }
        };
    }
}
