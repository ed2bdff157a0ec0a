package com.cifarlab.ui.data;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.ui.KaribuRunsTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.textfield.TextField;
import org.junit.jupiter.api.Test;

/** Replacing the class's data set once it is in use is the instructor's decision, not a student's. */
class DataViewReplaceTest extends KaribuRunsTest {

    @Test
    void aStudentSeesTheDataButNoWayToReplaceIt() {
        UI.getCurrent().navigate("data");

        _get(DataView.class);
        _assertNone(Section.class, spec -> spec.withClasses("replace-dataset"));
        _assertNone(TextField.class);
        _assertNone(Button.class, spec -> spec.withText("Import"));
    }

    @Test
    void theInstructorCanImportTheDataSetAgainBelowIt() {
        loginAsInstructor();
        // The test UI opened on the Data step as a student; a fresh visit builds it for the instructor.
        UI.getCurrent().navigate("architecture");
        UI.getCurrent().navigate("data");

        Section replace = _get(Section.class, spec -> spec.withClasses("replace-dataset"));
        assertThat(_get(replace, H3.class).getText()).isEqualTo("Replace the data set");
        _get(replace, TextField.class, spec -> spec.withLabel("Archive or folder on the server"));
        _get(replace, Button.class, spec -> spec.withText("Import"));
    }
}
