package org.samreg.image;

/**
 * The one colour of each label number (ROI pair k in the overview picture and in both SEGs): hues a golden angle
 * apart, so that neighbouring numbers look clearly different; deterministic, so every output agrees.
 */
public final class LabelColours {
    private static final double GOLDEN_ANGLE_TURNS = 0.381966011250105;

    private LabelColours() {
    }

    /** sRGB (0..255) of label {@code number} (1 = red). */
    public static int[] rgb(int number) {
        double hue = ((number - 1) * GOLDEN_ANGLE_TURNS) % 1.0;
        if (hue < 0) {
            hue += 1;
        }
        double s = 0.75, v = 0.95;
        double h6 = hue * 6;
        int sector = (int) h6;
        double f = h6 - sector, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
        double[] c = switch (sector) {
            case 0 -> new double[] {v, t, p};
            case 1 -> new double[] {q, v, p};
            case 2 -> new double[] {p, v, t};
            case 3 -> new double[] {p, q, v};
            case 4 -> new double[] {t, p, v};
            default -> new double[] {v, p, q};
        };
        return new int[] {(int) Math.round(c[0] * 255), (int) Math.round(c[1] * 255), (int) Math.round(c[2] * 255)};
    }
}
