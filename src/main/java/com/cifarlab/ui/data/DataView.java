package com.cifarlab.ui.data;

import com.cifarlab.dataset.ClassCounts;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetImports;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.dataset.DatasetSource;
import com.cifarlab.dataset.SampleImages;
import com.cifarlab.dataset.Subset;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.chart.BarChartOptions;
import com.cifarlab.ui.chart.ChartOptions.LegendPosition;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Step 1, Data: how the images are prepared for the network, what they look like, and how many of
 * each class every subset holds.
 */
@Route("")
@RouteAlias("data")
@Menu(order = 1, title = "Data", icon = "vaadin:picture")
@PageTitle("Step 1: Data · CIFAR Lab")
@AnonymousAllowed
public class DataView extends Div {

    static final String IMPORT_COMMAND = "java -jar target/cifar-lab.jar data import ../shared/cifar10/cifar-10-binary.tar.gz";

    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.ENGLISH);
    private static final DateTimeFormatter IMPORTED_AT = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.ENGLISH);

    private final DatasetService datasets;
    private final SampleImages samples;
    private final DatasetImports imports;
    private final StudentSessions students;
    private final Clock clock;
    private final Div content = new Div();

    public DataView(DatasetService datasets, SampleImages samples, DatasetImports imports, StudentSessions students,
                    Clock clock) {
        this.datasets = datasets;
        this.samples = samples;
        this.imports = imports;
        this.students = students;
        this.clock = clock;
        addClassName("data-view");
        add(explanation(), content);
        render();
    }

    /** Shows the data set as it is now: again after an import from this page or another. */
    private void render() {
        content.removeAll();
        try {
            if (datasets.current().isPresent()) {
                ClassCounts counts = samples.countPerClass();
                content.add(status(counts, datasets.status().source()), samplesSection(samples, counts), chartSection(counts));
                if (students.isInstructor()) {
                    content.add(replaceSection());
                }
            } else {
                content.add(notImported());
            }
        } catch (DatasetException e) {
            content.add(unusable(e));
        }
    }

    private static Component explanation() {
        Paragraph intro = new Paragraph("A network only sees numbers. Before it can learn from CIFAR-10's "
                + "60,000 small photos, each image and each label is turned into numbers in the same three ways "
                + "as in the Keras lab:");
        intro.addClassName("lead");
        Div cards = new Div(
                card("Normalisation: pixels ÷ 255",
                        "Every pixel holds three values from 0 to 255: how much red, green and blue it has. "
                                + "The network gets them divided by 255, so every input lies between 0 and 1. "
                                + "Inputs on a small, common scale keep the first weighted sums moderate, so "
                                + "training takes steady steps instead of jumping around."),
                card("One-hot encoding of the labels",
                        "A label is stored as a number: bird is 2, cat is 3. Yet a cat is not “more” than a "
                                + "bird. One-hot encoding turns the label into ten numbers with a single 1 at the "
                                + "class's place: cat becomes 0 0 0 1 0 0 0 0 0 0. That is the shape of the "
                                + "network's output, one score per class, so the loss can compare the two."),
                card("80/20 validation split, seed 42",
                        "The 10,000 test images stay untouched until the end. To judge choices along the way, "
                                + "20% of the 50,000 training images are held out for validation: the network "
                                + "never learns from them, so its accuracy on them shows how it copes with "
                                + "pictures it has not seen. The shuffle uses seed 42, so everyone gets the same "
                                + "split and results can be compared."));
        cards.addClassName("explanation-cards");
        Section section = new Section(intro, cards);
        section.addClassName("explanation");
        return section;
    }

    private static Div card(String title, String text) {
        Div card = new Div(new H4(title), new Paragraph(text));
        card.addClassName("explanation-card");
        return card;
    }

    private Component status(ClassCounts counts, Optional<DatasetSource> source) {
        int training = counts.total(Subset.TRAINING);
        int validation = counts.total(Subset.VALIDATION);
        Paragraph status = new Paragraph(VaadinIcon.CHECK_CIRCLE.create(), new Text(
                "CIFAR-10 is imported: " + COUNT.format(training + validation) + " training images, of which "
                        + COUNT.format(training) + " are for learning and " + COUNT.format(validation)
                        + " for validation (seed " + DataSplit.LAB_SEED + "), and "
                        + COUNT.format(counts.total(Subset.TEST)) + " test images in "
                        + counts.classNames().size() + " classes."
                        + source.map(from -> " Imported from " + from.origin() + " on "
                                + IMPORTED_AT.format(from.importedAt().atZone(clock.getZone())) + ".").orElse("")));
        status.addClassName("dataset-status");
        return status;
    }

    private static Component samplesSection(SampleImages samples, ClassCounts counts) {
        Section section = new Section(new H3("Sample images"),
                new Paragraph("Each image is only 32 × 32 pixels; here every pixel is drawn as a 3 × 3 square. "
                        + "Can you always tell the class?"),
                new SampleGallery(samples, counts));
        section.addClassName("samples");
        return section;
    }

    private static Component chartSection(ClassCounts counts) {
        BarChartOptions options = new BarChartOptions()
                .categories(counts.classNames())
                .xAxisTitle("Class")
                .yAxisTitle("Images")
                .legend(LegendPosition.TOP)
                .height(360)
                .animated(false)
                .colors("#1676f3", "#f59f00", "#2b8a3e");
        for (Subset subset : Subset.values()) {
            options.series(subset.label(), counts.of(subset));
        }
        ApexChart chart = new ApexChart(options);
        chart.setWidthFull();
        chart.setId("class-counts-chart");
        Section section = new Section(new H3("Images per class"),
                new Paragraph("Each class makes up about a tenth of every subset, so a network that always "
                        + "guessed the same class would be right only about one time in ten."),
                chart);
        section.addClassName("class-counts");
        return section;
    }

    /**
     * Anyone may import while there is no data set: the first visitor of a new server is the one
     * setting it up. Replacing one in use is the instructor's, and Vaadin ignores clicks on
     * components a page never showed, so a student cannot start it.
     */
    private Component notImported() {
        Div empty = new Div(VaadinIcon.DATABASE.create(), new H3("CIFAR-10 is not imported yet"),
                new Paragraph("The images are imported once for the whole class. Import them here, or on the "
                        + "server, from the project folder, run:"),
                new Code(IMPORT_COMMAND), importPanel());
        empty.addClassNames("empty-state", "not-imported");
        return empty;
    }

    private Component unusable(DatasetException problem) {
        Div error = new Div(VaadinIcon.WARNING.create(), new H3("The imported data cannot be used"),
                new Paragraph(problem.getMessage()),
                new Paragraph("Import it again, here or with:"), new Code(IMPORT_COMMAND), importPanel());
        error.addClassNames("empty-state", "dataset-error");
        return error;
    }

    private Component replaceSection() {
        Section section = new Section(new H3("Replace the data set"),
                new Paragraph("As the instructor you can import CIFAR-10 again, for example after moving the "
                        + "server. Runs that are training keep the images they started with."),
                importPanel());
        section.addClassName("replace-dataset");
        return section;
    }

    private ImportPanel importPanel() {
        return new ImportPanel(imports, clock, this::render);
    }
}
