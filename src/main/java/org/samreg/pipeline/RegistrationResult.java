package org.samreg.pipeline;

import java.util.List;
import org.samreg.dense.DenseRegistration;
import org.samreg.field.FieldResult;
import org.samreg.image.Volume;
import org.samreg.match.RoiPair;

/**
 * What a registration produced: the images as registered (the working copies, see
 * {@link RegistrationSettings#maxInPlaneSize()}), the matched ROI pairs on their grids, the field and its fit,
 * ROI counts and where the time went. {@code field} is the final field (the dense stage's, where it ran) with the
 * ROI method's initial transform and warnings; {@code roiField} the ROI method's own, null where it was not fitted
 * (the hybrid method; see {@link SamRegistration#roiMethodField}); {@code dense} is null where the dense stage did not
 * run; {@code run} says what made it.
 */
public record RegistrationResult(Volume fixedWorking, Volume movingWorking, List<RoiPair> pairs,
                                 FieldResult field, FieldResult roiField, DenseRegistration.Result dense,
                                 int fixedRois, int movingRois, Timings timings, RunRecord run) {

    /** Seconds spent per stage. */
    public record Timings(double encoder, double decoder, double matching, double field, double dense) {
        public double total() {
            return encoder + decoder + matching + field + dense;
        }
    }
}
