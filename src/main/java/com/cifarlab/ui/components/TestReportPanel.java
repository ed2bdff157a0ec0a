package com.cifarlab.ui.components;

import com.cifarlab.dataset.SampleImages;
import com.cifarlab.dataset.Subset;
import com.cifarlab.evaluation.ClassMetrics;
import com.cifarlab.evaluation.ClassificationReport;
import com.cifarlab.evaluation.ConfusionMatrix;
import com.cifarlab.evaluation.Misclassification;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.chart.HeatmapOptions;
import com.cifarlab.ui.components.StepLayout;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything a test evaluation shows: loss and accuracy, the confusion matrix as counts or
 * row-normalised shares, the classification report as a table and as scikit-learn's text, and the
 * test images the model got wrong most confidently. Step 6 shows it for a run, Step 8 for an
 * uploaded model file.
 */
public class TestReportPanel extends Div {

    /** How the confusion matrix's cells are shown. */
    public enum MatrixMode {
        COUNTS("Counts"), ROW_PERCENT("Row-normalised (%)");

        private final String label;

        MatrixMode(String label) {
            this.label = label;
        }
    }

    /** One line of the report table, formatted as scikit-learn prints it. */
    record ReportLine(String label, String precision, String recall, String f1, String support) {

        static ReportLine of(ClassMetrics m) {
            return new ReportLine(m.label(), ClassificationReport.decimal(m.precision()),
                    ClassificationReport.decimal(m.recall()), ClassificationReport.decimal(m.f1()),
                    Integer.toString(m.support()));
        }
    }

    // Copies through the clipboard API where the page is a secure context (https, localhost) and
    // through a hidden text area elsewhere, e.g. on a class server reached over plain http.
    private static final String COPY_SCRIPT = """
            const text = $0;
            if (navigator.clipboard && window.isSecureContext) {
              return navigator.clipboard.writeText(text).then(() => true, () => false);
            }
            const area = document.createElement('textarea');
            area.value = text;
            area.style.position = 'fixed';
            area.style.opacity = '0';
            document.body.appendChild(area);
            area.select();
            const copied = document.execCommand('copy');
            document.body.removeChild(area);
            return copied;
            """;

    private final TestReport report;
    private final ApexChart matrix;

    public TestReportPanel(TestReport report, SampleImages samples) {
        this.report = report;
        addClassName("test-report");
        matrix = new ApexChart(heatmap(MatrixMode.COUNTS));
        matrix.setId("confusion-matrix");
        matrix.setWidthFull();
        add(headline(), matrixSection(), reportSection(), mistakesSection(samples));
    }

    private Component headline() {
        Div loss = figure("Test loss", String.format(Locale.ROOT, "%.4f", report.loss()), "test-loss");
        Div accuracy = figure("Test accuracy", FinishedRunSelect.accuracy(report.accuracy())
                + String.format(Locale.ROOT, " (%.1f%%)", report.accuracy() * 100), "test-accuracy");
        Div figures = new Div(loss, accuracy);
        figures.addClassNames("test-figures", LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.XLARGE,
                LumoUtility.Margin.Vertical.MEDIUM);
        return figures;
    }

    private static Div figure(String label, String value, String className) {
        Span name = new Span(label);
        name.addClassNames(LumoUtility.Display.BLOCK, LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        Span number = new Span(value);
        number.addClassNames("figure-value", LumoUtility.FontSize.XXLARGE, LumoUtility.FontWeight.SEMIBOLD);
        Div figure = new Div(name, number);
        figure.addClassName(className);
        return figure;
    }

    private Component matrixSection() {
        RadioButtonGroup<MatrixMode> mode = new RadioButtonGroup<>("Cells show");
        mode.setItems(MatrixMode.values());
        mode.setItemLabelGenerator(m -> m.label);
        mode.setValue(MatrixMode.COUNTS);
        mode.addValueChangeListener(e -> matrix.setOptions(heatmap(e.getValue())));
        return StepLayout.section("confusion", "Confusion matrix", new Paragraph("Each row is a true class, each column the class the model "
                + "predicted; the diagonal holds the images it got right. Row-normalised, a row shows where that "
                + "class's images went: its diagonal cell is the class's recall."), mode, matrix);
    }

    private HeatmapOptions heatmap(MatrixMode mode) {
        ConfusionMatrix confusion = report.confusion();
        List<String> names = confusion.classNames();
        HeatmapOptions options = new HeatmapOptions()
                .columns(names)
                .xAxisTitle("Predicted class")
                .yAxisTitle("True class")
                .height(560)
                .animated(false);
        for (int actual = 0; actual < names.size(); actual++) {
            List<Number> row = new ArrayList<>();
            for (int predicted = 0; predicted < names.size(); predicted++) {
                row.add(mode == MatrixMode.COUNTS
                        ? confusion.count(actual, predicted)
                        : Math.round(confusion.rowShare(actual, predicted) * 1000) / 10.0);
            }
            options.row(names.get(actual), row);
        }
        return options;
    }

    private Component reportSection() {
        ClassificationReport classification = report.report();
        List<ReportLine> lines = new ArrayList<>();
        classification.perClass().forEach(m -> lines.add(ReportLine.of(m)));
        int total = classification.perClass().stream().mapToInt(ClassMetrics::support).sum();
        lines.add(new ReportLine("accuracy", "", "", ClassificationReport.decimal(classification.accuracy()),
                Integer.toString(total)));
        lines.add(ReportLine.of(classification.macroAverage()));
        lines.add(ReportLine.of(classification.weightedAverage()));

        Grid<ReportLine> grid = new Grid<>();
        grid.addColumn(ReportLine::label).setHeader("Class").setFlexGrow(2);
        grid.addColumn(ReportLine::precision).setHeader("Precision").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(ReportLine::recall).setHeader("Recall").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(ReportLine::f1).setHeader("F1-score").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(ReportLine::support).setHeader("Support").setTextAlign(ColumnTextAlign.END);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setItems(lines);
        grid.setAllRowsVisible(true);
        grid.setId("classification-report");

        String text = classification.toText();
        TextArea asText = new TextArea("As scikit-learn prints it");
        asText.setValue(text);
        asText.setReadOnly(true);
        asText.setWidthFull();
        asText.setId("classification-report-text");
        asText.getStyle().set("font-family", "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace");
        Button copy = new Button("Copy", VaadinIcon.COPY.create(), e -> copy(text));
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        return StepLayout.section("classification", "Classification report", grid, asText, copy);
    }

    private void copy(String text) {
        getElement().executeJs(COPY_SCRIPT, text).then(Boolean.class, copied -> Notification.show(copied
                ? "The report is on the clipboard."
                : "The browser did not allow copying; select the text and press Ctrl+C."));
    }

    private Component mistakesSection(SampleImages samples) {
        List<Misclassification> mistakes = report.confidentMistakes();
        List<String> names = report.confusion().classNames();
        Div gallery = new Div();
        gallery.addClassName("sample-grid");
        for (Misclassification mistake : mistakes) {
            gallery.add(mistakeTile(mistake, names, samples));
        }
        Paragraph intro = new Paragraph(mistakes.isEmpty()
                ? "The model got every test image right."
                : "The test images the model got wrong while most sure of itself. Often they are unusual pictures "
                        + "of their class, or classes that look alike at 32 × 32 pixels, such as cat and dog.");
        return StepLayout.section("confident-mistakes", "Most confident mistakes", intro, gallery);
    }

    private static Div mistakeTile(Misclassification mistake, List<String> names, SampleImages samples) {
        String trueClass = names.get(mistake.actualClass());
        String predicted = names.get(mistake.predictedClass());
        String fileName = "test-" + mistake.testIndex() + ".png";
        Image image = new Image(DownloadHandler.fromInputStream(event -> {
            byte[] png = samples.png(Subset.TEST, mistake.testIndex());
            return new DownloadResponse(new ByteArrayInputStream(png), fileName, "image/png", png.length);
        }).inline(), trueClass + " taken for " + predicted);
        image.addClassName("sample-image");
        image.setTitle("Test image #" + mistake.testIndex());
        Span truth = new Span("True: " + trueClass);
        truth.addClassName("sample-name");
        Span guess = new Span("Predicted: " + predicted);
        guess.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.ERROR);
        Span sure = new Span(String.format(Locale.ROOT, "%.1f%% sure", mistake.probability() * 100));
        sure.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Div tile = new Div(image, truth, guess, sure);
        tile.addClassNames("sample-tile", "mistake-tile");
        return tile;
    }
}
