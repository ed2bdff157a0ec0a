package com.cifarlab.model;

/**
 * The activation functions Step 3 compares, with their derivatives: the three a hidden layer may
 * use ({@link Activation}) and leaky ReLU, the usual answer to ReLU's dead units.
 */
public enum ActivationFunction {

    RELU("ReLU", "max(0, x)") {
        @Override
        public double value(double x) {
            return Math.max(0, x);
        }

        @Override
        public double derivative(double x) {
            // At exactly 0 the derivative is undefined; like the frameworks, we take the left side's 0.
            return x > 0 ? 1 : 0;
        }
    },

    SIGMOID("Sigmoid", "1 / (1 + e⁻ˣ)") {
        @Override
        public double value(double x) {
            // Written so that exp never sees a large positive argument, which would overflow.
            if (x >= 0) {
                return 1 / (1 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1 + e);
        }

        @Override
        public double derivative(double x) {
            double s = value(x);
            return s * (1 - s);
        }
    },

    TANH("tanh", "(eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)") {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }
    },

    LEAKY_RELU("Leaky ReLU", "x for x > 0, else 0.01·x") {
        @Override
        public double value(double x) {
            return x > 0 ? x : LEAKY_SLOPE * x;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1 : LEAKY_SLOPE;
        }
    };

    /** Leaky ReLU's slope for negative inputs (α), Keras's usual small value. */
    public static final double LEAKY_SLOPE = 0.01;

    private final String label;
    private final String formula;

    ActivationFunction(String label, String formula) {
        this.label = label;
        this.formula = formula;
    }

    public abstract double value(double x);

    public abstract double derivative(double x);

    /** The name students see. */
    public String label() {
        return label;
    }

    /** The definition in plain text. */
    public String formula() {
        return formula;
    }
}
