package com.cifarlab.dataset;

import java.util.Locale;

/**
 * How far an import has come, reported to the caller's listener (the CLI prints it, the Data
 * step shows it) while the data set is downloaded, unpacked and checked.
 *
 * @param phase          what is happening now
 * @param bytesDone      bytes of this phase done so far (a resumed download counts the bytes it already had)
 * @param totalBytes     bytes this phase will handle, or -1 when the server did not say
 * @param bytesPerSecond throughput of this phase so far
 */
public record ImportProgress(Phase phase, long bytesDone, long totalBytes, long bytesPerSecond) {

    public enum Phase {
        DOWNLOADING("Downloading"), EXTRACTING("Extracting"), CHECKING("Checking"), DONE("Done");

        private final String verb;

        Phase(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }
    }

    /** Whole percent of this phase, 0 to 100, or -1 when the total is unknown. */
    public int percent() {
        if (totalBytes <= 0) {
            return totalBytes == 0 ? 100 : -1;
        }
        return (int) Math.min(100, bytesDone * 100 / totalBytes);
    }

    /** One human line, e.g. {@code Extracting  45%  78.1 of 173.6 MB  (95.3 MB/s)}. */
    public String describe() {
        String done = megabytes(bytesDone);
        String amount = totalBytes >= 0 ? done + " of " + megabytes(totalBytes) + " MB" : done + " MB";
        String percentText = totalBytes >= 0 ? String.format(Locale.ROOT, "%3d%%", percent()) : "    ";
        return String.format(Locale.ROOT, "%-11s %s  %s  (%s MB/s)", phase.verb(), percentText, amount,
                megabytes(bytesPerSecond));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }
}
