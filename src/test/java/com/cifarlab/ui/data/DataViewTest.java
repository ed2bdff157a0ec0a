package com.cifarlab.ui.data;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.dataset.Subset;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.ui.KaribuSpringTest;
import com.cifarlab.ui.chart.ApexChart;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.component.textfield.IntegerField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class DataViewTest extends KaribuSpringTest {

    @TempDir
    static Path dataDir;

    @TempDir
    static Path runsDir;

    @DynamicPropertySource
    static void useFixture(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.data-dir", dataDir::toString);
        registry.add("cifar-lab.runs-dir", runsDir::toString);
    }

    @BeforeAll
    static void writeFixture() throws IOException {
        CifarFixtures.writeFolder(dataDir);
    }

    @BeforeEach
    void openDataStep() {
        UI.getCurrent().navigate("");
        _get(DataView.class);
    }

    @Test
    void explainsNormalisationOneHotEncodingAndTheValidationSplit() {
        assertThat(_find(H4.class)).extracting(H4::getText).containsExactly(
                "Normalisation: pixels ÷ 255", "One-hot encoding of the labels", "80/20 validation split, seed 42");
        String text = String.join(" ", _find(Paragraph.class).stream().map(Paragraph::getText).toList());
        assertThat(text).contains("divided by 255", "0 0 0 1 0 0 0 0 0 0", "20% of the 50,000 training images");
    }

    @Test
    void showsTheImportedDataSet() {
        assertThat(_get(Paragraph.class, spec -> spec.withClasses("dataset-status")).getElement().getText())
                .isEqualTo("CIFAR-10 is imported: 50,000 training images, of which 40,000 are for learning and "
                        + "10,000 for validation (seed 42), and 10,000 test images in 10 classes.");
    }

    @Test
    void showsAPageOfSampleImagesWithTheirClassNames() {
        List<Image> images = sampleImages();

        assertThat(images).hasSize(SampleGallery.PAGE_SIZE);
        assertThat(images).allSatisfy(image -> {
            assertThat(CifarFixtures.CLASS_NAMES).contains(image.getAlt().orElseThrow());
            assertThat(image.getSrc()).isNotBlank();
        });
        assertThat(sampleNames()).isEqualTo(images.stream().map(i -> i.getAlt().orElseThrow()).toList());
        assertThat(position()).isEqualTo("Images 1–24 of 40,000");
    }

    @Test
    void nextAndPreviousPageThroughTheImages() {
        List<String> firstPage = imageTitles();
        Button previous = _get(Button.class, spec -> spec.withText("Previous"));
        assertThat(previous.isEnabled()).isFalse();

        _click(_get(Button.class, spec -> spec.withText("Next")));

        assertThat(position()).isEqualTo("Images 25–48 of 40,000");
        assertThat(imageTitles()).hasSize(24).doesNotContainAnyElementsOf(firstPage);

        _click(previous);

        assertThat(imageTitles()).isEqualTo(firstPage);
    }
    @Test
    void anImageNumberJumpsToItsPageAndOneOutsideTheSetIsRefusedBesideTheField() {
        IntegerField jump = _get(IntegerField.class, spec -> spec.withId("sample-jump"));

        _setValue(jump, 31_337);
        assertThat(position()).isEqualTo("Images 31,321–31,344 of 40,000");

        _setValue(jump, 40_001);
        assertThat(jump.isInvalid()).isTrue();
        assertThat(jump.getErrorMessage()).isEqualTo("Enter an image number from 1 to 40,000.");
        assertThat(position()).as("the page stays").isEqualTo("Images 31,321–31,344 of 40,000");
    }


    @Test
    void theClassFilterShowsOnlyThatClass() {
        Select<Integer> classes = select("Class");

        _setValue(classes, 3);

        assertThat(sampleNames()).hasSize(24).containsOnly("cat");
        assertThat(position()).startsWith("Images 1–24 of ").doesNotEndWith("of 40,000");
    }

    @Test
    void theSplitSelectorChangesTheImages() {
        Select<Subset> subsets = select("Images from");
        List<String> training = imageTitles();

        _setValue(subsets, Subset.TEST);

        assertThat(position()).isEqualTo("Images 1–24 of 10,000");
        assertThat(imageTitles()).doesNotContainAnyElementsOf(training)
                .startsWith("Test image #0: dog", "Test image #1: frog");

        _setValue(subsets, Subset.VALIDATION);

        assertThat(position()).isEqualTo("Images 1–24 of 10,000");
        assertThat(imageTitles()).allMatch(title -> title.startsWith("Validation image #"));
    }

    @Test
    void changingTheFilterStartsAgainOnTheFirstPage() {
        _click(_get(Button.class, spec -> spec.withText("Next")));

        _setValue(select("Images from"), Subset.TEST);

        assertThat(position()).startsWith("Images 1–24 ");
    }

    @Test
    void drawsTheImagesPerClassOfEverySubsetAsGroupedBars() {
        ObjectNode options = _get(ApexChart.class).getOptions();

        assertThat(options.at("/chart/type").asText()).isEqualTo("bar");
        assertThat(options.at("/xaxis/categories").size()).isEqualTo(10);
        assertThat(options.at("/xaxis/categories/3").asText()).isEqualTo("cat");
        assertThat(options.at("/xaxis/title/text").asText()).isEqualTo("Class");
        assertThat(options.at("/yaxis/title/text").asText()).isEqualTo("Images");
        assertThat(options.at("/legend/show").asBoolean()).isTrue();
        assertThat(options.get("series").findValuesAsText("name")).containsExactly("Training", "Validation", "Test");
        assertThat(options.at("/series/2/data").toString()).isEqualTo("[1000,1000,1000,1000,1000,1000,1000,1000,1000,1000]");
    }

    @Test
    void theSideNavigationListsTheEightStepsThenTheStudentsRunsAndTheInstructorsPage() {
        List<SideNavItem> items = _find(SideNavItem.class);

        assertThat(items).extracting(SideNavItem::getLabel).containsExactly(
                "1  Data", "2  Architecture", "3  Activation functions", "4  Loss functions", "5  Training",
                "6  Evaluation", "7  Optimizers", "8  Save and load", "My runs", "Instructor");
        assertThat(items).extracting(SideNavItem::getPath).containsExactly("", "architecture", "activations", "losses",
                "training", "evaluation", "optimizers", "save-load", "my-runs", "instructor");
        assertThat(items).allMatch(SideNavItem::isEnabled);
    }

    private static List<Image> sampleImages() {
        return _find(Image.class, spec -> spec.withClasses("sample-image"));
    }

    private static List<String> imageTitles() {
        return sampleImages().stream().map(image -> image.getTitle().orElseThrow()).toList();
    }

    private static List<String> sampleNames() {
        return _find(Span.class, spec -> spec.withClasses("sample-name")).stream().map(Span::getText).toList();
    }

    private static String position() {
        return _get(Span.class, spec -> spec.withClasses("sample-position")).getText();
    }

    @SuppressWarnings("unchecked")
    private static <T> Select<T> select(String label) {
        return _get(Select.class, spec -> spec.withLabel(label));
    }
}
