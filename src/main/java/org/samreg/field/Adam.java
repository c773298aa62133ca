package org.samreg.field;

/**
 * The Adam optimiser (Kingma and Ba, 2015; beta1 0.9, beta2 0.999) over a run of a known number of steps, the step
 * size decayed linearly to a tenth of its start by the last step. One instance per run; its moments are its state.
 */
public final class Adam {
    private static final double BETA1 = 0.9, BETA2 = 0.999;

    private final double[] first, second;
    private final double step, epsilon;
    private final int iterations;
    private double rate, correction1, correction2;

    public Adam(int parameters, double step, int iterations, double epsilon) {
        this.first = new double[parameters];
        this.second = new double[parameters];
        this.step = step;
        this.iterations = iterations;
        this.epsilon = epsilon;
    }

    /** Begins step {@code t} of the run (1-based). */
    public void begin(int t) {
        rate = step * (1 - 0.9 * (t - 1) / Math.max(1, iterations - 1));
        correction1 = 1 - Math.pow(BETA1, t);
        correction2 = 1 - Math.pow(BETA2, t);
    }

    /** What to add to parameter {@code q} in this step, given its gradient. */
    public double change(int q, double gradient) {
        first[q] = BETA1 * first[q] + (1 - BETA1) * gradient;
        second[q] = BETA2 * second[q] + (1 - BETA2) * gradient * gradient;
        return -rate * (first[q] / correction1) / (Math.sqrt(second[q] / correction2) + epsilon);
    }
}
