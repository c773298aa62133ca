package org.samreg.pipeline;

import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;
import org.samreg.sam.EverythingSettings;
import org.samreg.sam.LocalContrast;

/**
 * Every knob of a SAMReg registration; {@link #defaults()} are the paper's values where it gives them.
 *
 * @param maxInPlaneSize images whose width or height exceeds this are registered on a copy box-averaged by an
 *                       integer factor (the field is smooth, so it loses nothing that the decoder's 256x256 masks
 *                       would have kept); outputs other than the ROI labels stay at full resolution
 * @param localContrast  0, or segment locally contrast-normalised slices ({@link LocalContrast}) with this
 *                       neighbourhood radius, as a fraction of the longest side: for fundus photographs
 */
public record RegistrationSettings(EverythingSettings everything, MatchSettings match, FieldSettings field,
                                   int maxInPlaneSize, double localContrast) {

    public RegistrationSettings {
        if (localContrast != 0) {
            LocalContrast.checkedRadius(localContrast);
        }
    }

    /** Slices segmented as they are windowed, without local contrast. */
    public RegistrationSettings(EverythingSettings everything, MatchSettings match, FieldSettings field,
            int maxInPlaneSize) {
        this(everything, match, field, maxInPlaneSize, 0);
    }

    public static RegistrationSettings defaults() {
        return new RegistrationSettings(EverythingSettings.defaults(), MatchSettings.DEFAULT, FieldSettings.defaults(),
                1024);
    }

    public RegistrationSettings withLocalContrast(double radius) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, radius);
    }
}
