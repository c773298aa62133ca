package org.samreg.pipeline;

import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;
import org.samreg.sam.EverythingSettings;

/**
 * Every knob of a SAMReg registration; {@link #defaults()} are the paper's values where it gives them.
 *
 * @param maxInPlaneSize images whose width or height exceeds this are registered on a copy box-averaged by an
 *                       integer factor (the field is smooth, so it loses nothing that the decoder's 256x256 masks
 *                       would have kept); outputs other than the ROI labels stay at full resolution
 */
public record RegistrationSettings(EverythingSettings everything, MatchSettings match, FieldSettings field,
                                   int maxInPlaneSize) {

    public static RegistrationSettings defaults() {
        return new RegistrationSettings(EverythingSettings.defaults(), MatchSettings.DEFAULT, FieldSettings.defaults(),
                1024);
    }
}
