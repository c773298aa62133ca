package org.samreg.pipeline;

import java.util.List;
import org.samreg.field.FieldResult;
import org.samreg.image.Volume;
import org.samreg.match.RoiPair;

/**
 * What a registration produced: the images as registered (the working copies, see
 * {@link RegistrationSettings#maxInPlaneSize()}), the matched ROI pairs on their grids, the field and its fit,
 * ROI counts and where the time went.
 */
public record RegistrationResult(Volume fixedWorking, Volume movingWorking, List<RoiPair> pairs,
                                 FieldResult field, int fixedRois, int movingRois, Timings timings) {

    /** Seconds spent per stage. */
    public record Timings(double encoder, double decoder, double matching, double field) {
        public double total() {
            return encoder + decoder + matching + field;
        }
    }
}
