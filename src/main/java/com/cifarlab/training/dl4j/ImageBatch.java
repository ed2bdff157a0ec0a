package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarImages;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A reusable mini-batch of images and one-hot labels in a network's input layout, filled from the
 * shared bytes of {@link CifarImages}. The native arrays are allocated once; every batch is one
 * copy of {@code size × 3,072} floats into them, so a run never holds a float copy of the data set.
 * Not thread-safe: one per run.
 */
public final class ImageBatch {

    private final int capacity;
    private final int classes;
    private final float[] pixels;
    private final float[] oneHot;
    private final int[] labels;
    private final INDArray features;
    private final INDArray labelArray;
    private final FloatBuffer featureMemory;
    private final FloatBuffer labelMemory;
    private int size;
    private int partialSize = -1;
    private INDArray partialFeatures;
    private INDArray partialLabels;

    private ImageBatch(int capacity, int classes, long[] imageShape) {
        this.capacity = capacity;
        this.classes = classes;
        this.pixels = new float[capacity * CifarImages.PIXELS];
        this.oneHot = new float[capacity * classes];
        this.labels = new int[capacity];
        long[] shape = new long[imageShape.length + 1];
        shape[0] = capacity;
        System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
        this.features = Nd4j.create(DataType.FLOAT, shape);
        this.labelArray = Nd4j.create(DataType.FLOAT, capacity, classes);
        this.featureMemory = features.data().asNioFloat();
        this.labelMemory = labelArray.data().asNioFloat();
    }

    /**
     * A batch shaped for {@code network}: {@code [n, 3, 32, 32]} when it starts with a
     * convolution, {@code [n, 3072]} otherwise. The channel-major bytes are both layouts at once.
     */
    public static ImageBatch forNetwork(MultiLayerNetwork network, int capacity, int classes) {
        boolean convolutional = network.getLayerWiseConfigurations().getConf(0).getLayer() instanceof ConvolutionLayer;
        long[] imageShape = convolutional
                ? new long[] {3, CifarImages.SIDE, CifarImages.SIDE}
                : new long[] {CifarImages.PIXELS};
        return new ImageBatch(capacity, classes, imageShape);
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Loads {@code images[indices[from]]}, … up to the capacity or the end of {@code indices},
     * and returns how many it loaded.
     */
    public int load(CifarImages images, int[] indices, int from) {
        size = Math.min(capacity, indices.length - from);
        Arrays.fill(oneHot, 0, size * classes, 0f);
        for (int row = 0; row < size; row++) {
            int image = indices[from + row];
            images.copyNormalised(image, pixels, row * CifarImages.PIXELS);
            labels[row] = images.label(image);
            oneHot[row * classes + labels[row]] = 1f;
        }
        featureMemory.clear();
        featureMemory.put(pixels, 0, size * CifarImages.PIXELS);
        labelMemory.clear();
        labelMemory.put(oneHot, 0, size * classes);
        return size;
    }

    public int size() {
        return size;
    }

    /** The true class of loaded row {@code row}. */
    public int label(int row) {
        return labels[row];
    }

    /** The loaded images as the network's input (a view of the first rows for a short last batch). */
    public INDArray features() {
        refreshPartialViews();
        return size == capacity ? features : partialFeatures;
    }

    /** The loaded labels, one-hot. */
    public INDArray labels() {
        refreshPartialViews();
        return size == capacity ? labelArray : partialLabels;
    }

    private void refreshPartialViews() {
        if (size == capacity || size == partialSize) {
            return;
        }
        INDArrayIndex[] rows = new INDArrayIndex[features.rank()];
        rows[0] = NDArrayIndex.interval(0, size);
        for (int d = 1; d < rows.length; d++) {
            rows[d] = NDArrayIndex.all();
        }
        partialFeatures = features.get(rows);
        partialLabels = labelArray.get(NDArrayIndex.interval(0, size), NDArrayIndex.all());
        partialSize = size;
    }
}
