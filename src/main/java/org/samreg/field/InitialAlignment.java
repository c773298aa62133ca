package org.samreg.field;

import org.samreg.image.Geometry;

/** Where a registration starts before any ROI pair moves it. */
public enum InitialAlignment {
    /**
     * Positions as the image headers give them: right when both images share a frame of reference (one scanner,
     * one session).
     */
    HEADER,
    /**
     * The fixed image's centre moved onto the moving image's centre, orientations as the headers give them: for
     * images whose coordinates are unrelated (two devices, e.g. MR and ultrasound, or two patients), as the
     * geometric-centre initialisers of ITK and elastix do.
     */
    CENTRES;

    /** Row-major 4x4 from fixed patient coordinates to moving patient coordinates. */
    public double[] matrix(Geometry fixed, Geometry moving) {
        double[] shift = new double[3];
        if (this == CENTRES) {
            double[] f = centre(fixed), m = centre(moving);
            for (int a = 0; a < 3; a++) {
                shift[a] = m[a] - f[a];
            }
        }
        return new double[] {1, 0, 0, shift[0], 0, 1, 0, shift[1], 0, 0, 1, shift[2], 0, 0, 0, 1};
    }

    private static double[] centre(Geometry g) {
        return g.toPatient((g.nx - 1) / 2.0, (g.ny - 1) / 2.0, (g.nz - 1) / 2.0);
    }
}
