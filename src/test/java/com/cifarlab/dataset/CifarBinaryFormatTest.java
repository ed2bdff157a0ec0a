package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.testdata.CifarFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryFormatTest {

    @TempDir
    static Path shared;
    static CifarDataset dataset;

    @TempDir
    Path work;

    @BeforeAll
    static void readTheFixture() throws IOException {
        dataset = CifarBinaryFormat.read(CifarFixtures.writeFolder(shared));
    }

    @Test
    void thePixelAtARowAndColumnOfAKnownRecordHasTheExpectedColour() {
        // Training image 23,456 is record 3,456 of data_batch_3.bin; the fixture's formula gives these bytes.
        int image = 23_456;
        int[] rgb = {dataset.train().pixel(image, 0, 12, 20), dataset.train().pixel(image, 1, 12, 20),
                dataset.train().pixel(image, 2, 12, 20)};

        assertThat(rgb).containsExactly(184, 234, 28);
        for (int channel = 0; channel < 3; channel++) {
            assertThat(dataset.train().pixel(image, channel, 12, 20)).isEqualTo(CifarFixtures.pixel(3_456, channel, 12, 20));
            assertThat(dataset.test().pixel(9_999, channel, 31, 0)).isEqualTo(CifarFixtures.pixel(9_999, channel, 31, 0));
        }
    }

    @Test
    void labelsAreReadInFileOrder() {
        assertThat(dataset.train().size()).isEqualTo(50_000);
        assertThat(dataset.test().size()).isEqualTo(10_000);
        for (int image : new int[] {0, 1, 9_999, 10_000, 23_456, 49_999}) {
            assertThat(dataset.train().label(image))
                    .isEqualTo(CifarFixtures.label(image / CifarBinaryFormat.RECORDS_PER_BATCH,
                            image % CifarBinaryFormat.RECORDS_PER_BATCH));
        }
        assertThat(dataset.test().label(3)).isEqualTo(CifarFixtures.label(5, 3));
    }

    @Test
    void classNamesAreReadInLabelOrder() {
        assertThat(dataset.classNames()).isEqualTo(CifarFixtures.CLASS_NAMES);
        assertThat(dataset.location()).isEqualTo(shared.resolve(CifarBinaryFormat.FOLDER));
    }

    @Test
    void aMetaFileWithTheOfficialTrailingBlankLineIsRead() throws IOException {
        Files.writeString(work.resolve(CifarBinaryFormat.META), String.join("\n", CifarFixtures.CLASS_NAMES) + "\n\n");

        assertThat(CifarBinaryFormat.readClassNames(work, names())).isEqualTo(CifarFixtures.CLASS_NAMES);
    }

    @Test
    void aMetaFileWithoutATrailingBlankLineIsRead() throws IOException {
        Files.writeString(work.resolve(CifarBinaryFormat.META), String.join("\n", CifarFixtures.CLASS_NAMES));

        assertThat(CifarBinaryFormat.readClassNames(work, names())).isEqualTo(CifarFixtures.CLASS_NAMES);
    }

    @Test
    void aMetaFileWithWindowsLineEndsIsRead() throws IOException {
        Files.writeString(work.resolve(CifarBinaryFormat.META), String.join("\r\n", CifarFixtures.CLASS_NAMES) + "\r\n");

        assertThat(CifarBinaryFormat.readClassNames(work, names())).isEqualTo(CifarFixtures.CLASS_NAMES);
    }

    private UnaryOperator<String> names() {
        return name -> work.resolve(name).toString();
    }
}
