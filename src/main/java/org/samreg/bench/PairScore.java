package org.samreg.bench;

import org.samreg.field.FieldJacobian;
import org.samreg.pipeline.RegistrationResult;

/**
 * One scored item of a benchmark pair: a label (Dice and centroid TRE) or a landmark set (mean TRE, Dice NaN),
 * with no registration, with the ROI method alone, with the registration as configured, and with elastix (NaN
 * where the baseline did not run), and what the run took.
 */
public record PairScore(String pairId, String group, String label, Score none, Score roi, Score registered,
                        Score elastix, Run run) {

    /** Dice (NaN for landmarks) and target registration error in mm. */
    public record Score(double dice, double treMm) {
        public static final Score NOT_RUN = new Score(Double.NaN, Double.NaN);
    }

    /**
     * @param jacobian         folding of our final field
     * @param elastixSeconds   NaN where the baseline did not run
     * @param elastixJacobian  null where the baseline did not run
     */
    public record Run(int fixedRois, int movingRois, int roiPairs, RegistrationResult.Timings timings,
                      FieldJacobian jacobian, double elastixSeconds, FieldJacobian elastixJacobian) {
    }
}
