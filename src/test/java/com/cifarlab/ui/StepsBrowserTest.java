package com.cifarlab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.components.FinishedRunSelect;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Steps 2, 3, 6 and 8 in a real browser, with one tiny run trained by the real engine; leaves
 * target/screenshots/step2-architecture.png, step3-activations.png, step6-evaluation.png and
 * step8-save-load.png.
 */
class StepsBrowserTest extends BrowserTest {

    private static final TrainingSpec TINY = new TrainingSpec(
            ModelSpec.customMlp(List.of(new HiddenLayer(32, Activation.RELU, 0))), Optimizer.ADAM, 0.001,
            LossFunction.CATEGORICAL_CROSSENTROPY, 1, 32, 42, 200, 0);

    @Autowired
    RunService runs;

    @Autowired
    LabSessionService sessions;

    @Test
    void theArchitectureStepShowsTheSummaryTable() throws IOException {
        open("architecture");

        waitUntil("return document.querySelector('vaadin-grid') !== null"
                + " && document.querySelector('vaadin-grid')._dataProviderController.rootCache.size === 6");
        assertThat((String) script("return document.querySelector('.total-params').textContent"))
                .isEqualTo("Total params: 1,707,274");
        assertThat(browser().getTitle()).isEqualTo("Step 2: Architecture · CIFAR Lab");
        screenshot("step2-architecture.png");

        script("[...document.querySelectorAll('vaadin-radio-button')]"
                + ".find(b => (b.label || b.textContent).includes('Custom MLP')).click()");
        waitUntil("return document.querySelectorAll('vaadin-integer-field').length === 2");
        var units = browser().findElement(By.cssSelector("vaadin-integer-field input"));
        units.sendKeys(Keys.chord(Keys.CONTROL, "a"), "5", Keys.TAB);
        waitUntil("return document.querySelector('vaadin-integer-field').hasAttribute('invalid')");
        assertThat((String) script("return document.querySelector('vaadin-integer-field').errorMessage"))
                .isEqualTo("Units of a hidden layer must be between 16 and 4096 (got 5).");
        screenshot("step2-custom-mlp.png");

        // What the field cannot take is refused as typed, never rewritten into another number.
        for (String notWhole : new String[] {"12.5", "1e3"}) {
            units.sendKeys(Keys.chord(Keys.CONTROL, "a"), notWhole, Keys.TAB);
            waitUntil("return document.querySelector('vaadin-integer-field').errorMessage"
                    + ".startsWith('Enter a whole number of units')");
            assertThat((String) script("return document.querySelector('vaadin-integer-field input').value"))
                    .isEqualTo(notWhole);
        }
    }

    @Test
    void anUnknownAddressSaysPageNotFoundToAnyVisitorInsteadOfTheLoginAndThePagesHaveAFavicon() throws IOException {
        for (String unknown : List.of("no-such-page", "training/xyz")) {
            open(unknown);

            waitUntil("return !!document.querySelector('#not-found')");
            assertThat(browser().getCurrentUrl()).isEqualTo(url(unknown));
            assertThat((String) script("return document.querySelector('#not-found-path').textContent"))
                    .startsWith("There is no page at /" + unknown + " in CIFAR Lab.");
            assertThat(browser().getTitle()).isEqualTo("Page not found · CIFAR Lab");
        }
        screenshot("not-found.png");
        assertThat(script("return fetch(document.querySelector('link[rel=icon]').href).then(r => r.status)"))
                .isEqualTo(200L);
    }

    @Test
    void theActivationStepDrawsTheCurvesAndTheHistogram() throws IOException {
        open("activations");

        waitUntil("return document.querySelectorAll('cifar-chart svg.apexcharts-svg').length === 5");
        waitUntil("return [...document.querySelectorAll('img.sample-image')].every(i => i.complete && i.naturalWidth === 32)");
        assertThat((String) script("return document.querySelector('#curve-sigmoid').textContent"))
                .contains("Sigmoid(x)", "Derivative Sigmoid′(x)", "Input x (the weighted sum)");
        screenshot("step3-activations.png");
    }

    @Test
    void aRealRunIsEvaluatedAndItsModelFileLoadsBackWithTheSameAccuracy() throws IOException {
        open("test/student/Ada");
        waitUntil("return document.getElementById('student-started') !== null");
        LabSession ada = sessions.all().stream().filter(s -> s.name().equals("Ada")).findFirst().orElseThrow();
        Caller caller = Caller.student(ada);
        String id = runs.submit(caller, TINY).id();
        await().atMost(Duration.ofMinutes(3)).until(() -> runs.get(caller, id).state().isFinal());
        RunSnapshot run = runs.get(caller, id);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);

        open("evaluation/" + id);
        waitUntil("return document.querySelectorAll('#confusion-matrix svg .apexcharts-heatmap-rect').length === 100");
        waitUntil("return [...document.querySelectorAll('.mistake-tile img')].every(i => i.complete && i.naturalWidth === 32)");
        assertThat((String) script("return document.querySelector('.test-accuracy').textContent"))
                .contains(FinishedRunSelect.accuracy(run.test().accuracy()));
        screenshot("step6-evaluation.png");

        open("save-load");
        waitUntil("return document.querySelector('a.model-download-link')?.getAttribute('href')?.length > 0");
        browser().findElement(By.cssSelector("vaadin-upload")).getShadowRoot()
                .findElement(By.cssSelector("input[type=file]"))
                .sendKeys(runs.model(caller, id).file().toAbsolutePath().toString());
        waitUntil("return document.querySelector('.accuracy-comparison') !== null");
        String accuracy = FinishedRunSelect.accuracy(run.test().accuracy());
        assertThat((String) script("return document.querySelector('.accuracy-comparison').textContent"))
                .isEqualTo("Same accuracy as the run: " + accuracy + " = " + accuracy);
        screenshot("step8-save-load.png");
    }
}
