package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.ModelDownload;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunStateException;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.streams.DownloadEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ModelDownloadHandlerTest {

    private static final Caller ADA = Caller.student("ada");

    @TempDir
    Path folder;

    private final RunService runs = mock(RunService.class);
    private final VaadinResponse response = mock(VaadinResponse.class);

    private DownloadEvent event() {
        return new DownloadEvent(mock(VaadinRequest.class), response, mock(VaadinSession.class), null);
    }

    @Test
    void theModelIsStreamedWithItsNameTypeAndLength() throws IOException {
        Path model = Files.write(folder.resolve("model.zip"), new byte[] {'P', 'K', 3, 4, 9});
        when(runs.model(ADA, "r1")).thenReturn(new ModelDownload(model, "cifar-lab-r1-lab_mlp.zip"));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        when(response.getOutputStream()).thenReturn(sent);

        ModelDownloadHandler.forRun(runs, ADA, "r1").handleDownloadRequest(event());

        assertThat(sent.toByteArray()).containsExactly('P', 'K', 3, 4, 9);
        verify(response).setContentType("application/zip");
        verify(response).setContentLengthLong(5);
    }

    @Test
    void aDownloadTheBrowserAbandonsIsOneLogLineNotAStackTrace(CapturedOutput output) throws IOException {
        Path model = Files.write(folder.resolve("model.zip"), new byte[200_000]);
        when(runs.model(ADA, "r1")).thenReturn(new ModelDownload(model, "m.zip"));
        when(response.getOutputStream()).thenReturn(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new SocketTimeoutException("the browser went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new SocketTimeoutException("the browser went away");
            }
        });

        ModelDownloadHandler.forRun(runs, ADA, "r1").handleDownloadRequest(event());

        assertThat(output.getAll()).contains("The download of run r1's model stopped before the end")
                .doesNotContain("\tat ");
    }

    @Test
    void aRunWithoutAModelIsAnsweredWithTheReason() throws IOException {
        when(runs.model(ADA, "r2")).thenThrow(new RunStateException("Run r2 ended FAILED and has no model."));

        ModelDownloadHandler.forRun(runs, ADA, "r2").handleDownloadRequest(event());

        verify(response).sendError(409, "Run r2 ended FAILED and has no model.");
    }
}
