package org.samreg.field;

import java.util.Objects;
import org.samreg.image.Mask;

/** A matched ROI: its mask on the fixed grid, its mask on the moving grid, and how much it counts in the loss. */
public record MaskPair(Mask fixed, Mask moving, double weight) {
    public MaskPair {
        Objects.requireNonNull(fixed, "fixed mask");
        Objects.requireNonNull(moving, "moving mask");
        if (fixed.isEmpty() || moving.isEmpty()) {
            throw new IllegalArgumentException("ROI pair has an empty " + (fixed.isEmpty() ? "fixed" : "moving")
                    + " mask; drop the pair before solving");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("ROI pair weight must be positive and finite, got " + weight);
        }
    }

    public MaskPair(Mask fixed, Mask moving) {
        this(fixed, moving, 1.0);
    }
}
