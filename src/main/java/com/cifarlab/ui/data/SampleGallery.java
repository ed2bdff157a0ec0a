package com.cifarlab.ui.data;

import com.cifarlab.dataset.ClassCounts;
import com.cifarlab.dataset.Sample;
import com.cifarlab.dataset.SampleImages;
import com.cifarlab.dataset.SamplePage;
import com.cifarlab.dataset.Subset;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.ByteArrayInputStream;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Pages through the images of one subset, optionally of one class, each drawn pixel-sharp and
 * enlarged with its class name beneath.
 */
class SampleGallery extends Div {

    /** A page fills 8, 6, 4 or 3 full columns (see the theme's .sample-grid). */
    static final int PAGE_SIZE = 24;
    static final String ALL_CLASSES = "All classes";

    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.ENGLISH);

    private final SampleImages samples;
    private final Select<Subset> subset = new Select<>();
    private final Select<Integer> classFilter = new Select<>();
    private final Button previous = new Button("Previous", VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button("Next", VaadinIcon.ANGLE_RIGHT.create());
    private final Span position = new Span();
    private final IntegerField jump = new IntegerField();
    private int total;
    private final Div grid = new Div();
    private int page;

    SampleGallery(SampleImages samples, ClassCounts counts) {
        this.samples = samples;
        addClassName("sample-gallery");

        subset.setLabel("Images from");
        subset.setItems(Subset.values());
        subset.setItemLabelGenerator(s -> s.label() + " (" + COUNT.format(counts.total(s)) + ")");
        subset.setValue(Subset.TRAINING);

        List<String> names = counts.classNames();
        classFilter.setLabel("Class");
        classFilter.setItems(IntStream.range(0, names.size()).boxed().toList());
        // The empty selection (null) stands for all classes.
        classFilter.setItemLabelGenerator(label -> label == null ? ALL_CLASSES : names.get(label));
        classFilter.setEmptySelectionAllowed(true);
        classFilter.setEmptySelectionCaption(ALL_CLASSES);

        subset.addValueChangeListener(e -> showPage(0));
        classFilter.addValueChangeListener(e -> showPage(0));
        previous.addClickListener(e -> showPage(page - 1));
        next.addClickListener(e -> showPage(page + 1));
        next.setIconAfterText(true);
        previous.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        next.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        position.addClassName("sample-position");
        // Among 40,000 images, Next alone is no way to get to image 31,337.
        jump.setPlaceholder("Go to image");
        jump.setAriaLabel("Go to image number");
        jump.setId("sample-jump");
        jump.setManualValidation(true);
        jump.getElement().setProperty("allowedCharPattern", "[-+0-9.,eE]");
        jump.addValueChangeListener(e -> jumpTo(e.getValue()));

        Div filters = new Div(subset, classFilter);
        filters.addClassName("sample-filters");
        Div paging = new Div(previous, position, next, jump);
        paging.addClassName("sample-paging");
        Div toolbar = new Div(filters, paging);
        toolbar.addClassName("sample-toolbar");
        grid.addClassName("sample-grid");
        add(toolbar, grid);
        showPage(0);
    }

    private void showPage(int requested) {
        OptionalInt label = classFilter.getValue() == null ? OptionalInt.empty() : OptionalInt.of(classFilter.getValue());
        SamplePage shown = samples.page(subset.getValue(), label, requested, PAGE_SIZE);
        page = shown.page();
        total = shown.total();
        grid.removeAll();
        shown.samples().forEach(sample -> grid.add(tile(sample)));
        position.setText(shown.total() == 0 ? "No images"
                : "Images " + COUNT.format(shown.firstPosition()) + "–" + COUNT.format(shown.lastPosition())
                        + " of " + COUNT.format(shown.total()));
        previous.setEnabled(shown.hasPrevious());
        next.setEnabled(shown.hasNext());
    }

    private void jumpTo(Integer imageNumber) {
        if (imageNumber == null || imageNumber < 1 || imageNumber > total) {
            jump.setErrorMessage("Enter an image number from 1 to " + COUNT.format(total) + ".");
            jump.setInvalid(true);
            return;
        }
        jump.setInvalid(false);
        showPage((imageNumber - 1) / PAGE_SIZE);
    }

    private Div tile(Sample sample) {
        String fileName = sample.subset().name().toLowerCase(Locale.ROOT) + "-" + sample.index() + ".png";
        DownloadHandler png = DownloadHandler.fromInputStream(event -> {
            byte[] bytes = samples.png(sample.subset(), sample.index());
            return new DownloadResponse(new ByteArrayInputStream(bytes), fileName, "image/png", bytes.length);
        }).inline();
        Image image = new Image(png, sample.className());
        image.addClassName("sample-image");
        image.setTitle(sample.subset().label() + " image #" + sample.index() + ": " + sample.className());
        Span name = new Span(sample.className());
        name.addClassName("sample-name");
        Div tile = new Div(image, name);
        tile.addClassName("sample-tile");
        return tile;
    }
}
