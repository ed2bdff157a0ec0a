package com.cifarlab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EpochMetricsCsvTest {

    @Test
    void writesOneRowPerEpochUnderKerasHistoryNames() {
        String csv = EpochMetricsCsv.of(List.of(
                new EpochMetrics(1, 2.1, 0.2, 1.95, 0.25, 14.5),
                new EpochMetrics(2, 1.8, 0.31, 1.7, 0.3375, 12.0)));

        assertThat(csv).isEqualTo("""
                epoch,loss,accuracy,val_loss,val_accuracy,seconds
                1,2.1,0.2,1.95,0.25,14.5
                2,1.8,0.31,1.7,0.3375,12.0
                """);
    }

    @Test
    void anEmptyRunGivesTheHeaderOnly() {
        assertThat(EpochMetricsCsv.of(List.of())).isEqualTo(EpochMetricsCsv.HEADER + "\n");
    }

    @Test
    void decimalsUseAPointWhateverTheServerLocaleAndKeepFullPrecision() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            String csv = EpochMetricsCsv.of(List.of(new EpochMetrics(3, 0.123456789, 0.5, Double.NaN, 1e-5, 1)));

            assertThat(csv.lines().toList().get(1)).isEqualTo("3,0.123456789,0.5,NaN,1.0E-5,1.0");
        } finally {
            Locale.setDefault(before);
        }
    }
}
