package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CifarImagesTest {

    @Test
    void everyPixelBecomesItsValueOverTwoHundredAndFiftyFiveToTheBit() {
        byte[] pixels = new byte[CifarImages.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        float[] normalised = new float[CifarImages.PIXELS + 1];

        new CifarImages(new byte[] {3}, pixels).copyNormalised(0, normalised, 1);

        assertThat(normalised[0]).isZero();
        for (int i = 0; i < pixels.length; i++) {
            assertThat(Float.floatToRawIntBits(normalised[i + 1])).as("pixel %d", i)
                    .isEqualTo(Float.floatToRawIntBits((i % 256) / 255f));
        }
    }
}
