package com.cifarlab.training;

import java.util.List;

/**
 * A run's curves as CSV, one row per epoch, with Keras's history names for the columns, so that a
 * student can load it next to their notebook's {@code history.history}
 * ({@code pd.read_csv(...)}). Numbers are written in full precision with a dot.
 */
public final class EpochMetricsCsv {

    public static final String HEADER = "epoch,loss,accuracy,val_loss,val_accuracy,seconds";

    private EpochMetricsCsv() {
    }

    public static String of(List<EpochMetrics> epochs) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (EpochMetrics epoch : epochs) {
            csv.append(epoch.epoch()).append(',')
                    .append(epoch.trainLoss()).append(',')
                    .append(epoch.trainAccuracy()).append(',')
                    .append(epoch.validationLoss()).append(',')
                    .append(epoch.validationAccuracy()).append(',')
                    .append(epoch.seconds()).append('\n');
        }
        return csv.toString();
    }
}
