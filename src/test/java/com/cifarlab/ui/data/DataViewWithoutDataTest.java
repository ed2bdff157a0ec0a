package com.cifarlab.ui.data;

import static com.github.mvysny.kaributesting.v10.ButtonKt._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.ui.KaribuSpringTest;
import com.cifarlab.ui.chart.ApexChart;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Step 1 on a server without data: it says how to import it, and imports it from the page. The import comes last. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataViewWithoutDataTest extends KaribuSpringTest {

    @TempDir
    static Path emptyDataDir;

    @TempDir
    static Path runsDir;

    @TempDir
    static Path fixtureHome;

    private static Path fixture;

    @DynamicPropertySource
    static void useEmptyFolder(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.data-dir", emptyDataDir::toString);
        registry.add("cifar-lab.runs-dir", runsDir::toString);
        registry.add("cifar-lab.download-url", () -> "http://127.0.0.1:1/cifar-10-binary.tar.gz");
    }

    @BeforeAll
    static void writeFixture() throws IOException {
        fixture = CifarFixtures.writeFolder(fixtureHome);
    }

    @Test
    @Order(1)
    void tellsHowToImportTheDataWhenNoneIsImported() {
        UI.getCurrent().navigate("data");

        Div empty = _get(Div.class, spec -> spec.withClasses("not-imported"));
        assertThat(_get(empty, H3.class).getText()).isEqualTo("CIFAR-10 is not imported yet");
        assertThat(_get(empty, Code.class).getText())
                .isEqualTo("java -jar target/cifar-lab.jar data import ../shared/cifar10/cifar-10-binary.tar.gz");
        _get(empty, TextField.class, spec -> spec.withLabel("Archive or folder on the server"));
        _get(empty, Button.class, spec -> spec.withText("Download from the CIFAR-10 site (163 MB)"));
        assertThat(_find(H4.class)).hasSize(3);
        _assertNone(Image.class);
        _assertNone(ApexChart.class);
    }

    @Test
    @Order(2)
    void anEmptyPathIsMarkedBesideTheFieldWithWhatToEnter() {
        UI.getCurrent().navigate("data");

        _click(_get(Button.class, spec -> spec.withText("Import")));

        TextField path = _get(TextField.class, spec -> spec.withLabel("Archive or folder on the server"));
        assertThat(path.isInvalid()).isTrue();
        assertThat(path.getErrorMessage()).startsWith("Enter the path, on the server, of cifar-10-binary.tar.gz");
    }

    @Test
    @Order(3)
    void aPathThatDoesNotExistFailsWithItsNameAndChangesNothing() {
        UI.getCurrent().navigate("data");
        Path missing = fixtureHome.resolve("no-such-archive.tar.gz");

        _setValue(_get(TextField.class, spec -> spec.withLabel("Archive or folder on the server")), missing.toString());
        _click(_get(Button.class, spec -> spec.withText("Import")));

        eventually(() -> assertThat(outcome()).isEqualTo("The import from " + missing + " failed: " + missing
                + " does not exist. Nothing was changed."));
        _get(Div.class, spec -> spec.withClasses("not-imported"));
    }

    @Test
    @Order(4)
    void aDownloadThatCannotReachTheSiteSaysToCheckTheNetworkOrImportALocalCopy() {
        UI.getCurrent().navigate("data");

        _click(_get(Button.class, spec -> spec.withText("Download from the CIFAR-10 site (163 MB)")));

        eventually(() -> assertThat(outcome())
                .startsWith("The import from the official CIFAR-10 site failed: Cannot download http://127.0.0.1:1/")
                .contains("check the network and try again, or import a local copy of the archive."));
    }

    @Test
    @Order(5)
    void importingAFolderFromThePageShowsTheImagesOnceItIsDone() {
        UI.getCurrent().navigate("data");

        _setValue(_get(TextField.class, spec -> spec.withLabel("Archive or folder on the server")), fixture.toString());
        _click(_get(Button.class, spec -> spec.withText("Import")));

        eventually(() -> assertThat(_get(Paragraph.class, spec -> spec.withClasses("dataset-status")).getText())
                .startsWith("CIFAR-10 is imported: 50,000 training images")
                .contains(" Imported from " + fixture + " on "));
        _assertNone(Div.class, spec -> spec.withClasses("not-imported"));
        _get(ApexChart.class, spec -> spec.withId("class-counts-chart"));
        assertThat(_find(Image.class)).isNotEmpty();
        _assertNone(TextField.class);
    }

    private static String outcome() {
        Paragraph outcome = _get(Paragraph.class, spec -> spec.withClasses("import-outcome"));
        return outcome.isVisible() ? outcome.getText() : "";
    }
}
