package com.cifarlab.ui.architecture;

import static com.cifarlab.ui.components.StepLayout.card;
import static com.cifarlab.ui.components.StepLayout.cards;
import static com.cifarlab.ui.components.StepLayout.lead;
import static com.cifarlab.ui.components.StepLayout.section;

import com.cifarlab.model.Activation;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.model.SmallCnn;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.components.StepLayout;
import com.cifarlab.ui.session.FormMemory;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Step 2, Architecture: the lab's MLP, an MLP of the student's own, or the small CNN; the
 * Keras-style summary of the chosen network as it is edited, and why a CNN suits images better.
 * "Train this" hands the network to Step 5.
 */
@Route("architecture")
@Menu(order = 2, title = "Architecture", icon = "vaadin:sitemap")
@PageTitle("Step 2: Architecture · CIFAR Lab")
@AnonymousAllowed
public class ArchitectureView extends Div {

    /** This step's network in the student's form memory. */
    private static final String FORM = "architecture";
    /** Where "Train this" goes; the Training step takes the spec from the session there. */

    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.ENGLISH);

    private final RadioButtonGroup<Architecture> architecture = new RadioButtonGroup<>("Network");
    private final Paragraph presetLayers = new Paragraph();
    private final Div layerList = new Div();
    private final List<LayerEditor> layers = new ArrayList<>();
    private final Button addLayer = new Button("Add layer", VaadinIcon.PLUS.create());
    private final Div customEditor = new Div();
    private final Grid<ModelSummary.Row> summary = new Grid<>();
    private final Div totals = new Div();
    private final Paragraph problem = new Paragraph();
    private final Pre kerasText = new Pre();
    private final Button trainThis = new Button("Train this", VaadinIcon.PLAY.create());
    private final FormMemory memory;
    private ModelSpec spec;

    public ArchitectureView(FormMemory memory) {
        StepLayout.page(this, "architecture-view");
        this.memory = memory;
        add(lead("A network is layers of units, each computing a weighted sum of its inputs and passing it "
                + "through an activation. Here you choose the network you will train: the lab's multilayer "
                + "perceptron (MLP), an MLP with layers of your own, or a small convolutional network (CNN). "
                + "The summary below counts every weight and bias the optimizer will have to learn, as Keras's "
                + "model.summary() does."));
        add(chooser(), section("model-summary", "Summary", summaryContent()), trainBar(), cnnExplanation());
        // The network the student chose last, custom layers included.
        ModelSpec last = memory.recall(FORM).map(TrainingSpec::model).orElse(ModelSpec.labMlp());
        if (last.architecture() == Architecture.CUSTOM_MLP) {
            List.copyOf(layers).forEach(editor -> {
                layers.remove(editor);
                layerList.remove(editor);
            });
            last.hiddenLayers().forEach(this::addLayer);
        }
        architecture.setValue(last.architecture());
        update();
    }

    private Component chooser() {
        architecture.setItems(Architecture.values());
        architecture.setItemLabelGenerator(Architecture::label);
        architecture.addValueChangeListener(e -> showArchitecture(e.getValue()));

        for (HiddenLayer layer : ModelSpec.labMlp().hiddenLayers()) {
            addLayer(layer);
        }
        addLayer.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        addLayer.addClickListener(e -> {
            HiddenLayer last = layers.get(layers.size() - 1).read()
                    .orElse(new HiddenLayer(256, Activation.RELU, 0.5));
            addLayer(last);
            update();
        });
        layerList.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.SMALL);
        customEditor.add(new Paragraph("Between 1 and " + ModelSpec.MAX_HIDDEN_LAYERS + " dense hidden layers; "
                + "each may drop a share of its units during training (dropout). The input (32 × 32 × 3 = 3,072 "
                + "values) is flattened before the first layer, and a dense layer of 10 softmax units gives one "
                + "probability per class after the last."), layerList, addLayer);
        presetLayers.addClassName("preset-layers");
        return section("architecture-choice", "Choose the network", architecture, presetLayers, customEditor);
    }

    private Component summaryContent() {
        summary.addColumn(row -> row.name() + " (" + row.type() + ")").setHeader("Layer (type)").setFlexGrow(2);
        summary.addColumn(ModelSummary.Row::outputShape).setHeader("Output shape").setFlexGrow(2);
        summary.addColumn(row -> COUNT.format(row.params())).setHeader("Param #")
                .setTextAlign(ColumnTextAlign.END).setFlexGrow(1);
        summary.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        summary.setAllRowsVisible(true);
        totals.addClassNames("model-totals", LumoUtility.Margin.Vertical.SMALL);
        problem.addClassNames("summary-problem", LumoUtility.TextColor.ERROR);
        problem.setVisible(false);
        Details keras = new Details("As Keras prints it", kerasText);
        return new Div(summary, totals, problem, keras);
    }

    private Component trainBar() {
        trainThis.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        trainThis.addClickListener(e -> handOver());
        Span hint = new Span("Step 5 opens with this network; there you choose how to train it.");
        hint.addClassName(LumoUtility.TextColor.SECONDARY);
        Div bar = new Div(trainThis, hint);
        bar.addClassNames("train-bar", LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.MEDIUM,
                LumoUtility.Margin.Vertical.MEDIUM);
        return bar;
    }

    private Component cnnExplanation() {
        ModelSummary mlp = ModelSummary.of(ModelSpec.labMlp());
        ModelSummary cnn = ModelSummary.of(ModelSpec.smallCnn());
        long firstDense = mlp.rows().stream().filter(r -> r.type().equals("Dense")).findFirst().orElseThrow().params();
        long firstConv = cnn.rows().get(0).params();
        return section("why-cnn", "Why a CNN suits images better", cards(
                card("Spatial structure",
                        "The MLP flattens the image into 3,072 numbers before its first layer. Which pixels were "
                                + "neighbours is lost: shuffle the pixels of every image the same way and the MLP "
                                + "learns exactly as well. A convolution looks at 3 × 3 patches, so edges, corners "
                                + "and textures, which are made of neighbouring pixels, are what it sees first."),
                card("Weight sharing",
                        "A convolutional filter is one small set of weights slid over the whole image: the same "
                                + "detector for a cat's ear in the top left and in the middle. An MLP unit has a "
                                + "separate weight for every pixel, so it must learn the same pattern again for "
                                + "every place it can appear, from far more examples."),
                card("Far fewer parameters",
                        "The MLP's first dense layer alone has " + COUNT.format(firstDense) + " parameters; the "
                                + "CNN's first convolution has " + COUNT.format(firstConv) + ". The whole lab MLP has "
                                + COUNT.format(mlp.totalParams()) + ", the small CNN " + COUNT.format(cnn.totalParams())
                                + ". Fewer parameters, each used everywhere in the image, mean less to learn and "
                                + "less room to memorise the training images (overfitting).")));
    }

    private void addLayer(HiddenLayer layer) {
        LayerEditor editor = new LayerEditor(layer, this::update);
        editor.remove.addClickListener(e -> {
            layers.remove(editor);
            layerList.remove(editor);
            update();
        });
        layers.add(editor);
        layerList.add(editor);
    }

    private void showArchitecture(Architecture chosen) {
        customEditor.setVisible(chosen == Architecture.CUSTOM_MLP);
        presetLayers.setVisible(chosen != Architecture.CUSTOM_MLP);
        presetLayers.setText(switch (chosen) {
            case LAB_MLP -> "Flatten → " + ModelSpec.labMlp().hiddenLayers().stream().map(LayerEditor::describe)
                    .collect(Collectors.joining(" → ")) + " → Dense 10 softmax: the network of the Keras lab.";
            case SMALL_CNN -> SmallCnn.FILTERS.stream()
                    .map(f -> "Conv " + SmallCnn.KERNEL + "×" + SmallCnn.KERNEL + " " + f + " ReLU → MaxPool "
                            + SmallCnn.POOL + "×" + SmallCnn.POOL)
                    .collect(Collectors.joining(" → "))
                    + " → Flatten → Dense " + SmallCnn.DENSE_UNITS + " ReLU → Dropout " + SmallCnn.DENSE_DROPOUT
                    + " → Dense 10 softmax.";
            case CUSTOM_MLP -> "";
        });
        update();
    }

    /** Re-reads the choice and the layer fields; the summary follows every valid change. */
    private void update() {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).number(i + 1);
            layers.get(i).remove.setEnabled(layers.size() > 1);
        }
        addLayer.setEnabled(layers.size() < ModelSpec.MAX_HIDDEN_LAYERS);
        Optional<ModelSpec> read = readSpec();
        read.ifPresent(this::showSummary);
        read.ifPresent(model -> memory.remember(FORM, TrainingSpec.labDefaults().withModel(model)));
        spec = read.orElse(null);
        problem.setVisible(read.isEmpty());
        problem.setText(read.isEmpty()
                ? "Fix the marked fields; until then the summary shows the last valid network." : "");
        trainThis.setEnabled(read.isPresent());
    }

    private Optional<ModelSpec> readSpec() {
        Architecture chosen = architecture.getValue();
        if (chosen != Architecture.CUSTOM_MLP) {
            return Optional.of(new ModelSpec(chosen, List.of()));
        }
        List<HiddenLayer> hidden = new ArrayList<>();
        boolean valid = true;
        for (LayerEditor editor : layers) {
            Optional<HiddenLayer> layer = editor.read();
            layer.ifPresent(hidden::add);
            valid &= layer.isPresent();
        }
        // The add and remove buttons keep the number of layers in range, so the spec itself is valid.
        return valid ? Optional.of(ModelSpec.customMlp(hidden)) : Optional.empty();
    }

    private void showSummary(ModelSpec shown) {
        ModelSummary s = ModelSummary.of(shown);
        summary.setItems(s.rows());
        totals.removeAll();
        totals.add(total("Total params", s.totalParams(), "total-params"),
                total("Trainable params", s.trainableParams(), "trainable-params"),
                total("Non-trainable params", s.totalParams() - s.trainableParams(), "non-trainable-params"),
                line("Size as 32-bit floats: " + String.format(Locale.ENGLISH, "%.2f MB", s.sizeMegabytes()), "model-size"));
        kerasText.setText(s.toText());
    }

    private static Div total(String label, long value, String className) {
        return line(label + ": " + COUNT.format(value), className);
    }

    private static Div line(String text, String className) {
        Div line = new Div(text);
        line.addClassNames(className, LumoUtility.FontWeight.MEDIUM);
        return line;
    }

    private void handOver() {
        if (spec == null) {
            return;
        }
        VaadinSession.getCurrent().setAttribute(ModelSpec.class, spec);
        UI.getCurrent().navigate(Routes.TRAINING);
    }
}
