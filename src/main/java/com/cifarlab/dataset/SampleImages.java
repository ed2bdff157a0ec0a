package com.cifarlab.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Service;

/**
 * What the Data step shows of the imported images: pages of samples per subset and class, each
 * image as a PNG, and the number of images per class. Subsets follow the lab's split
 * ({@link DataSplit#LAB_SEED}).
 */
@Service
public class SampleImages {

    private final DatasetService datasets;

    public SampleImages(DatasetService datasets) {
        this.datasets = datasets;
    }

    /**
     * Page {@code page} (from 0) of the images in {@code subset}, of class {@code label} only when
     * given. Images come in batch order, so the same page always shows the same images. A page past
     * the end is clamped to the last one.
     */
    public SamplePage page(Subset subset, OptionalInt label, int page, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("A page holds at least one image, not " + pageSize + ".");
        }
        CifarDataset dataset = datasets.require();
        CifarImages images = imagesOf(dataset, subset);
        int[] matching = indices(subset).filter(i -> label.isEmpty() || images.label(i) == label.getAsInt()).toArray();
        int pageCount = Math.max(1, (matching.length + pageSize - 1) / pageSize);
        int clamped = Math.min(Math.max(page, 0), pageCount - 1);
        List<Sample> samples = new ArrayList<>(pageSize);
        for (int p = clamped * pageSize; p < Math.min(matching.length, (clamped + 1) * pageSize); p++) {
            int index = matching[p];
            samples.add(new Sample(subset, index, images.label(index), dataset.classNames().get(images.label(index))));
        }
        return new SamplePage(samples, clamped, pageSize, matching.length);
    }

    /** One image as a 32×32 PNG, pixels as stored (no scaling: the browser enlarges it). */
    public byte[] png(Subset subset, int index) {
        CifarImages images = existing(datasets.require(), subset, index);
        BufferedImage image = new BufferedImage(CifarImages.SIDE, CifarImages.SIDE, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < CifarImages.SIDE; row++) {
            for (int col = 0; col < CifarImages.SIDE; col++) {
                int rgb = images.pixel(index, 0, row, col) << 16
                        | images.pixel(index, 1, row, col) << 8
                        | images.pixel(index, 2, row, col);
                image.setRGB(col, row, rgb);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream(4096);
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed in memory", e);
        }
        return png.toByteArray();
    }

    /** One image with its class. */
    public Sample sample(Subset subset, int index) {
        CifarDataset dataset = datasets.require();
        int label = existing(dataset, subset, index).label(index);
        return new Sample(subset, index, label, dataset.classNames().get(label));
    }

    /**
     * The 3,072 stored values of one image, 0–255: the red plane, then green, then blue, each row
     * by row, i.e. the order in which the network gets them.
     */
    public int[] pixels(Subset subset, int index) {
        CifarImages images = existing(datasets.require(), subset, index);
        int[] values = new int[CifarImages.PIXELS];
        int i = 0;
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < CifarImages.SIDE; row++) {
                for (int col = 0; col < CifarImages.SIDE; col++) {
                    values[i++] = images.pixel(index, channel, row, col);
                }
            }
        }
        return values;
    }

    /** The number of images per class in each subset. */
    public ClassCounts countPerClass() {
        CifarDataset dataset = datasets.require();
        Map<Subset, List<Integer>> counts = new EnumMap<>(Subset.class);
        for (Subset subset : Subset.values()) {
            CifarImages images = imagesOf(dataset, subset);
            int[] perClass = new int[dataset.classCount()];
            indices(subset).forEach(i -> perClass[images.label(i)]++);
            counts.put(subset, Arrays.stream(perClass).boxed().toList());
        }
        return new ClassCounts(dataset.classNames(), counts);
    }

    private static CifarImages existing(CifarDataset dataset, Subset subset, int index) {
        CifarImages images = imagesOf(dataset, subset);
        if (index < 0 || index >= images.size()) {
            throw new IllegalArgumentException(subset.label() + " image " + index + " does not exist; there are "
                    + images.size() + ".");
        }
        return images;
    }

    private static CifarImages imagesOf(CifarDataset dataset, Subset subset) {
        return subset == Subset.TEST ? dataset.test() : dataset.train();
    }

    /** The subset's image indices in ascending (batch) order. */
    private IntStream indices(Subset subset) {
        return switch (subset) {
            case TEST -> IntStream.range(0, datasets.require().test().size());
            case TRAINING -> Arrays.stream(datasets.split(DataSplit.LAB_SEED).trainIndices()).sorted();
            case VALIDATION -> Arrays.stream(datasets.split(DataSplit.LAB_SEED).validationIndices()).sorted();
        };
    }
}
