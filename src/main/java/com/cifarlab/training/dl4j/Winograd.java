package com.cifarlab.training.dl4j;

import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;

/**
 * Whether a convolution's inference pass can go through {@link WinogradConvolution}. That class
 * needs the JDK's Vector API, an incubator module the JVM only resolves when started with
 * {@value #JVM_OPTION} (the jar's own restart adds it); this class touches none of its types, so
 * asking is safe in a JVM without it, which keeps oneDNN's direct convolution.
 */
public final class Winograd {

    /** Compile-time constants, so the launcher can name them without loading this class (and oneDNN). */
    public static final String MODULE = "jdk.incubator.vector";
    public static final String JVM_OPTION = "--add-modules=" + MODULE;

    private static final boolean AVAILABLE = ModuleLayer.boot().findModule(MODULE).isPresent()
            && Dnnl.available() && Dnnl.channelBlock() > 1 && WinogradConvolution.vectorsHold(Dnnl.channelBlock());

    private Winograd() {
    }

    /** Whether this JVM has the Vector API and vectors as wide as a channel block of oneDNN's layout. */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * Whether inference of {@code conf} (which {@link DnnlConvolutionLayer#supports} already) on
     * {@code inputShape} can be Winograd's: a 3×3 kernel, whole channel blocks and 4×4 output tiles,
     * activations in the blocked layout on both sides, and arrays that int offsets can index.
     */
    static boolean fits(ConvolutionLayer conf, long[] inputShape, Layouts layouts) {
        long block = Dnnl.channelBlock();
        long largest = inputShape[0] * Math.max(inputShape[1], conf.getNOut()) * inputShape[2] * inputShape[3];
        return available() && conf.getKernelSize()[0] == 3 && conf.getKernelSize()[1] == 3
                && layouts.blockedInput() && layouts.blockedOutput()
                && inputShape[1] % block == 0 && conf.getNOut() % block == 0
                && inputShape[2] % WinogradConvolution.TILE == 0 && inputShape[3] % WinogradConvolution.TILE == 0
                && largest * Float.BYTES < Integer.MAX_VALUE;
    }

    /** For the start-up line: which convolution evaluation uses. */
    static String describe() {
        return available()
                ? "Winograd F(4x4,3x3) through the Java Vector API"
                : "oneDNN's direct convolution (start the JVM with " + JVM_OPTION + " for Winograd's)";
    }
}
