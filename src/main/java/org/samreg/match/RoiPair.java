package org.samreg.match;

import org.samreg.image.Mask;

/**
 * A matched pair: the moving ROI and the fixed ROI (or, one-to-many, the union of the fixed ROIs) it matched.
 * {@code number} starts at 1 and is the same segment/label number on both sides.
 */
public record RoiPair(int number, Mask fixed, Mask moving, double similarity) {
}
