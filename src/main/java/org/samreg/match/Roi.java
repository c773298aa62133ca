package org.samreg.match;

import org.samreg.image.Mask;

/** A segmented region of one slice with its feature prototype. */
public record Roi(int slice, Mask mask, float[] prototype) {
}
