package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.dataset.CifarImages;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.testdata.SyntheticCifar;
import com.cifarlab.training.TrainingSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ImageBatchTest {

    static final CifarImages IMAGES = SyntheticCifar.images(30, new Random(2));

    @Test
    void aFlatBatchHoldsTheNormalisedPixelsAndOneHotLabelsOfTheChosenImages() {
        ImageBatch batch = ImageBatch.forNetwork(Networks.build(TrainingSpec.labDefaults()), 4, 10);
        int[] order = {7, 3, 12, 29, 0, 18};

        assertThat(batch.load(IMAGES, order, 0)).isEqualTo(4);
        assertThat(batch.features().shape()).containsExactly(4, 3072);
        assertRows(batch, order, 0, 4);

        assertThat(batch.load(IMAGES, order, 4)).isEqualTo(2);
        assertThat(batch.features().shape()).containsExactly(2, 3072);
        assertThat(batch.labels().shape()).containsExactly(2, 10);
        assertRows(batch, order, 4, 2);
    }

    @Test
    void aConvolutionalBatchIsChannelFirst() {
        ImageBatch batch = ImageBatch.forNetwork(Networks.build(TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn())), 3, 10);

        batch.load(IMAGES, new int[] {5, 6, 7}, 0);

        INDArray features = batch.features();
        assertThat(features.shape()).containsExactly(3, 3, 32, 32);
        assertThat(features.getFloat(1, 2, 4, 9)).isEqualTo(IMAGES.pixel(6, 2, 4, 9) / 255f);
        assertThat(features.getFloat(2, 0, 31, 0)).isEqualTo(IMAGES.pixel(7, 0, 31, 0) / 255f);
    }

    private static void assertRows(ImageBatch batch, int[] order, int from, int count) {
        float[] expected = new float[CifarImages.PIXELS];
        for (int row = 0; row < count; row++) {
            IMAGES.copyNormalised(order[from + row], expected, 0);
            assertThat(batch.features().getRow(row).toFloatVector()).containsExactly(expected);
            float[] oneHot = new float[10];
            oneHot[IMAGES.label(order[from + row])] = 1;
            assertThat(batch.labels().getRow(row).toFloatVector()).containsExactly(oneHot);
            assertThat(batch.label(row)).isEqualTo(IMAGES.label(order[from + row]));
        }
    }
}
