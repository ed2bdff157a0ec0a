package com.cifarlab.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What Keras's {@code model.summary()} shows for a {@link ModelSpec}, worked out from the spec
 * alone: building a DL4J network allocates every weight, too slow to redo on each keystroke while
 * a student edits layers. Shapes follow Keras's channels-last notation because that is what the
 * lab's notebook prints; the DL4J network itself runs channels-first.
 *
 * @param rows            one row per layer, in order
 * @param totalParams     all parameters
 * @param trainableParams parameters the optimizer updates (all of them in these networks)
 */
public record ModelSummary(List<Row> rows, long totalParams, long trainableParams) {

    private static final int[] COLUMN_ENDS = {29, 55, 65};
    private static final int LINE = COLUMN_ENDS[COLUMN_ENDS.length - 1];

    /**
     * One layer of the summary.
     *
     * @param name        Keras's default name, e.g. {@code dense_1}
     * @param type        Keras's class name, e.g. {@code Dense}
     * @param outputShape e.g. {@code (None, 512)}
     * @param params      weights plus biases
     */
    public record Row(String name, String type, String outputShape, long params) {
    }

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    public static ModelSummary of(ModelSpec spec) {
        Builder builder = new Builder();
        if (spec.isConvolutional()) {
            int side = ModelSpec.INPUT_SIDE;
            int channels = ModelSpec.INPUT_CHANNELS;
            for (int filters : SmallCnn.FILTERS) {
                long params = (long) SmallCnn.KERNEL * SmallCnn.KERNEL * channels * filters + filters;
                builder.add("conv2d", "Conv2D", shape(side, side, filters), params);
                side /= SmallCnn.POOL;
                channels = filters;
                builder.add("max_pooling2d", "MaxPooling2D", shape(side, side, channels), 0);
            }
            int flat = side * side * channels;
            builder.add("flatten", "Flatten", shape(flat), 0);
            builder.dense(flat, SmallCnn.DENSE_UNITS, SmallCnn.DENSE_DROPOUT);
            builder.dense(SmallCnn.DENSE_UNITS, ModelSpec.CLASSES, 0);
        } else {
            builder.add("flatten", "Flatten", shape(ModelSpec.INPUT_SIZE), 0);
            int inputs = ModelSpec.INPUT_SIZE;
            for (HiddenLayer layer : spec.hiddenLayers()) {
                builder.dense(inputs, layer.units(), layer.dropoutRate());
                inputs = layer.units();
            }
            builder.dense(inputs, ModelSpec.CLASSES, 0);
        }
        return builder.build();
    }

    /** The parameters' size when stored as 32-bit floats, in Keras's MB (2^20 bytes). */
    public double sizeMegabytes() {
        return totalParams * (double) Float.BYTES / (1 << 20);
    }

    /** The summary in the layout Keras prints. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("Model: \"sequential\"\n");
        text.append("_".repeat(LINE)).append('\n');
        text.append(line(" Layer (type)", "Output Shape", "Param #")).append('\n');
        text.append("=".repeat(LINE)).append('\n');
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            text.append(line(" " + row.name() + " (" + row.type() + ")", row.outputShape(), Long.toString(row.params())))
                    .append('\n');
            if (i < rows.size() - 1) {
                text.append(" ".repeat(LINE)).append('\n');
            }
        }
        text.append("=".repeat(LINE)).append('\n');
        text.append("Total params: ").append(withSize(totalParams)).append('\n');
        text.append("Trainable params: ").append(withSize(trainableParams)).append('\n');
        text.append("Non-trainable params: ").append(withSize(totalParams - trainableParams)).append('\n');
        text.append("_".repeat(LINE)).append('\n');
        return text.toString();
    }

    private static String withSize(long params) {
        return String.format(Locale.ROOT, "%,d (%.2f MB)", params, params * (double) Float.BYTES / (1 << 20));
    }

    private static String line(String... fields) {
        StringBuilder line = new StringBuilder();
        for (int col = 0; col < fields.length; col++) {
            line.append(fields[col]);
            int end = COLUMN_ENDS[col];
            // Keras keeps two spaces between columns even when a field is too long for its column.
            int padding = Math.max(col == fields.length - 1 ? 0 : 2, end - line.length());
            line.append(" ".repeat(padding));
        }
        return line.toString();
    }

    private static String shape(int... dims) {
        StringBuilder text = new StringBuilder("(None");
        for (int dim : dims) {
            text.append(", ").append(dim);
        }
        return text.append(')').toString();
    }

    private static final class Builder {
        private final List<Row> rows = new ArrayList<>();
        private final Map<String, Integer> nameCounts = new HashMap<>();
        private long total;

        void add(String baseName, String type, String outputShape, long params) {
            int count = nameCounts.merge(baseName, 1, Integer::sum);
            String name = count == 1 ? baseName : baseName + "_" + (count - 1);
            rows.add(new Row(name, type, outputShape, params));
            total += params;
        }

        void dense(int inputs, int units, double dropoutRate) {
            add("dense", "Dense", shape(units), (long) inputs * units + units);
            if (dropoutRate > 0) {
                add("dropout", "Dropout", shape(units), 0);
            }
        }

        ModelSummary build() {
            return new ModelSummary(rows, total, total);
        }
    }
}
