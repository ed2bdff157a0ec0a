package com.cifarlab.ui.data;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.ui.KaribuSpringTest;
import com.cifarlab.ui.chart.ApexChart;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

class DataViewWithoutDataTest extends KaribuSpringTest {

    @TempDir
    static Path emptyDataDir;

    @DynamicPropertySource
    static void useEmptyFolder(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.data-dir", emptyDataDir::toString);
    }

    @Test
    void tellsHowToImportTheDataWhenNoneIsImported() {
        UI.getCurrent().navigate("data");

        Div empty = _get(Div.class, spec -> spec.withClasses("not-imported"));
        assertThat(_get(empty, H3.class).getText()).isEqualTo("CIFAR-10 is not imported yet");
        assertThat(_get(empty, Code.class).getText())
                .isEqualTo("java -jar target/cifar-lab.jar data import ../shared/cifar10/cifar-10-binary.tar.gz");
        assertThat(_find(H4.class)).hasSize(3);
        _assertNone(Image.class);
        _assertNone(ApexChart.class);
    }
}
