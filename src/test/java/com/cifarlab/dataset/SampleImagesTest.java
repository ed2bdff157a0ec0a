package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.testdata.CifarFixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SampleImagesTest {

    @TempDir
    static Path dataDir;

    static SampleImages samples;
    static DatasetService datasets;

    @BeforeAll
    static void importFixture() throws IOException {
        CifarFixtures.writeFolder(dataDir);
        CifarLabProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("cifar-lab.data-dir", dataDir.toString()))).bindOrCreate("cifar-lab", CifarLabProperties.class);
        datasets = new DatasetService(properties);
        samples = new SampleImages(datasets);
    }

    @Test
    void pngIsThe32By32ImageWithItsStoredColours() throws IOException {
        int index = 12_345; // batch 2 (index 1), record 2,345
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(samples.png(Subset.TRAINING, index)));

        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(32);
        for (int[] at : new int[][] {{0, 0}, {5, 17}, {31, 31}}) {
            int row = at[0];
            int col = at[1];
            int expected = CifarFixtures.pixel(2_345, 0, row, col) << 16
                    | CifarFixtures.pixel(2_345, 1, row, col) << 8
                    | CifarFixtures.pixel(2_345, 2, row, col);
            assertThat(image.getRGB(col, row) & 0xFFFFFF).isEqualTo(expected);
        }
    }

    @Test
    void testImagesComeFromTheTestBatch() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(samples.png(Subset.TEST, 7)));

        assertThat(image.getRGB(3, 2) & 0xFF).isEqualTo(CifarFixtures.pixel(7, 2, 2, 3));
        assertThat(samples.page(Subset.TEST, OptionalInt.empty(), 0, 3).samples())
                .extracting(Sample::index, Sample::label, Sample::className)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, 5, "dog"),
                        org.assertj.core.groups.Tuple.tuple(1, 6, "frog"),
                        org.assertj.core.groups.Tuple.tuple(2, 7, "horse"));
    }

    @Test
    void aMissingImageIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> samples.png(Subset.TEST, 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Test image 10000 does not exist; there are 10000.");
    }

    @Test
    void pixelsAreTheStoredValuesPlaneByPlaneAndRowByRow() {
        int[] pixels = samples.pixels(Subset.TEST, 7);

        assertThat(pixels).hasSize(3_072);
        assertThat(pixels[0]).isEqualTo(CifarFixtures.pixel(7, 0, 0, 0));
        assertThat(pixels[32 * 5 + 17]).isEqualTo(CifarFixtures.pixel(7, 0, 5, 17));
        assertThat(pixels[1_024 + 33]).isEqualTo(CifarFixtures.pixel(7, 1, 1, 1));
        assertThat(pixels[3_071]).isEqualTo(CifarFixtures.pixel(7, 2, 31, 31));
        assertThatThrownBy(() -> samples.pixels(Subset.TEST, -1))
                .hasMessage("Test image -1 does not exist; there are 10000.");
    }

    @Test
    void aSampleNamesItsClass() {
        assertThat(samples.sample(Subset.TEST, 3)).isEqualTo(new Sample(Subset.TEST, 3, 8, "ship"));
    }

    @Test
    void trainingAndValidationImagesAreTheLabSplit() {
        DataSplit split = datasets.split(DataSplit.LAB_SEED);
        Set<Integer> validation = Arrays.stream(split.validationIndices()).boxed().collect(Collectors.toSet());

        SamplePage training = samples.page(Subset.TRAINING, OptionalInt.empty(), 0, 100);
        SamplePage held = samples.page(Subset.VALIDATION, OptionalInt.empty(), 0, 100);

        assertThat(training.total()).isEqualTo(40_000);
        assertThat(held.total()).isEqualTo(10_000);
        assertThat(training.samples()).allMatch(s -> !validation.contains(s.index()));
        assertThat(held.samples()).allMatch(s -> validation.contains(s.index()));
    }

    @Test
    void pagesFollowBatchOrderWithoutGapsOrOverlaps() {
        List<Sample> first = samples.page(Subset.TRAINING, OptionalInt.empty(), 0, 24).samples();
        List<Sample> second = samples.page(Subset.TRAINING, OptionalInt.empty(), 1, 24).samples();
        List<Sample> both = samples.page(Subset.TRAINING, OptionalInt.empty(), 0, 48).samples();

        assertThat(first).hasSize(24);
        assertThat(concat(first, second)).isEqualTo(both);
        assertThat(both).extracting(Sample::index).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aClassFilterKeepsOnlyImagesOfThatClass() {
        SamplePage cats = samples.page(Subset.VALIDATION, OptionalInt.of(3), 0, 24);

        assertThat(cats.samples()).hasSize(24).allMatch(s -> s.label() == 3 && s.className().equals("cat"));
        assertThat(cats.total()).isEqualTo(samples.countPerClass().of(Subset.VALIDATION).get(3));
    }

    @Test
    void aPagePastTheEndShowsTheLastPage() {
        SamplePage last = samples.page(Subset.TEST, OptionalInt.of(0), 99, 24);

        assertThat(last.page()).isEqualTo(41); // 1,000 airplanes: 41 full pages and 16 more
        assertThat(last.samples()).hasSize(16);
        assertThat(last.hasNext()).isFalse();
        assertThat(last.hasPrevious()).isTrue();
        assertThat(last.firstPosition()).isEqualTo(985);
        assertThat(last.lastPosition()).isEqualTo(1_000);
    }

    @Test
    void countsPerClassAddUpToEachSubset() {
        ClassCounts counts = samples.countPerClass();

        assertThat(counts.classNames()).isEqualTo(CifarFixtures.CLASS_NAMES);
        assertThat(counts.of(Subset.TEST)).containsOnly(1_000);
        assertThat(counts.total(Subset.TRAINING)).isEqualTo(40_000);
        assertThat(counts.total(Subset.VALIDATION)).isEqualTo(10_000);
        for (int label = 0; label < 10; label++) {
            assertThat(counts.of(Subset.TRAINING).get(label) + counts.of(Subset.VALIDATION).get(label))
                    .isEqualTo(5_000);
        }
    }

    private static List<Sample> concat(List<Sample> a, List<Sample> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
