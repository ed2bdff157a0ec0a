package org.nd4j.nativeblas;

/**
 * The class DL4J 1.0.0-M2.1 looks for, by name, to learn whether oneDNN is on.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} reflects on {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * and its {@code isUseMKLDNN()}, names from before ND4J moved its bindings to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu} and renamed the method
 * {@code isUseONEDNN()}. The lookup fails, DL4J swallows the error, and every convolution and
 * pooling layer runs without oneDNN (7× slower here). This class answers that lookup with the
 * real binding's answer; nothing else uses it. It lives in ND4J's package name only because that
 * is the name DL4J asks for.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** What DL4J's helper check calls: {@code getInstance().isUseMKLDNN()}. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
