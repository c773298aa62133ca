package org.samreg.dicom;

import org.samreg.image.LabelColours;

/** The colour of each ROI pair ({@link LabelColours}) as DICOM's scaled CIELab (PS3.3 C.10.7.1.1). */
public final class SegmentColors {
    private SegmentColors() {
    }

    /** Scaled CIELab (L*, a*, b* mapped to 0..65535) of ROI pair {@code number}, D65 white. */
    public static int[] cieLab(int number) {
        int[] rgb = LabelColours.rgb(number);
        double r = linear(rgb[0]), g = linear(rgb[1]), b = linear(rgb[2]);
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = labF(x), fy = labF(y), fz = labF(z);
        double l = 116 * fy - 16, a = 500 * (fx - fy), bb = 200 * (fy - fz);
        return new int[] {scale(l / 100), scale((a + 128) / 255), scale((bb + 128) / 255)};
    }

    private static int scale(double unit) {
        return (int) Math.round(Math.min(Math.max(unit, 0), 1) * 65535);
    }

    private static double linear(int channel) {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static double labF(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }
}
