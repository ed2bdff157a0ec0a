package com.cifarlab.training.dl4j;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which native build ND4J loaded, whether DL4J's oneDNN helpers will run (for DL4J's own layers,
 * which evaluate a loaded model) and whether training's own oneDNN layers can, in one line for the
 * log. The helpers make the Small CNN's convolutions and pooling several times faster; they
 * need the onednn build, the helpers switch ({@code NativeBinaries}) and DL4J's lookup of ND4J's
 * oneDNN flag, which {@code org.nd4j.nativeblas.Nd4jCpu} answers.
 */
public final class OneDnn {

    private static final String EXTENSION = "org.bytedeco.javacpp.platform.extension";

    private OneDnn() {
    }

    /** The nd4j-native build JavaCPP loads, e.g. "linux-x86_64-onednn-avx2". */
    static String build() {
        return "linux-x86_64" + System.getProperty(EXTENSION, "");
    }

    /** Whether DL4J gives its convolution and pooling layers oneDNN helpers. */
    public static boolean helpersEnabled() {
        return BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** E.g. "ND4J native build linux-x86_64-onednn-avx2, oneDNN on; DL4J helpers: MKLDNNConvHelper, MKLDNNSubsamplingHelper". */
    public static String describe() {
        String build = build();
        boolean oneDnn = org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        String helpers = helpersEnabled()
                ? "MKLDNNConvHelper, MKLDNNSubsamplingHelper (convolution and pooling through oneDNN)"
                : "none (convolution and pooling run DL4J's own code, several times slower)";
        return "ND4J native build " + build + " (" + Nd4j.getExecutioner().getEnvironmentInformation().getProperty(
                "backend", "CPU") + "), oneDNN " + (oneDnn ? "on" : "off") + "; DL4J helpers: " + helpers
                + "; training's convolution and pooling layers: " + (Dnnl.available()
                ? Dnnl.describe() + " called directly" : "DL4J's, since " + Dnnl.describe())
                + "; evaluation's 3x3 convolutions: " + Winograd.describe();
    }
}
