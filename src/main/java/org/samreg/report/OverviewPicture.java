package org.samreg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.samreg.image.Geometry;
import org.samreg.image.Interpolation;
import org.samreg.image.LabelColours;
import org.samreg.image.RasterIO;
import org.samreg.image.Volume;

/**
 * A PNG to check a registration at a glance. Each row shows one slice as: fixed | moving | warped moving |
 * checkerboard of fixed and warped | fixed with its paired ROIs | moving with its paired ROIs. Pair k has the same
 * colour (and number) in both ROI panels. Panels keep the physical aspect ratio, are shown with patient left on
 * the right and posterior (or inferior) at the bottom, as radiologists read them, and are windowed by intensity
 * percentiles. For 3D images the rows are the fixed slices with the most pairs, unless slices are given.
 */
public final class OverviewPicture {
    private static final int COLUMNS = 6;
    private static final int BOX = 300;
    private static final int TITLE = 22;
    private static final int GAP = 6;
    private static final int MAX_ROWS = 3;
    private static final int CHECKER_TILES = 8;
    private static final float FILL_ALPHA = 0.3f;

    private OverviewPicture() {
    }

    /** Renders and writes the overview as PNG; {@code fixedSlices} empty = choose automatically. */
    public static void write(Path png, Volume fixed, Volume moving, Volume warped, Volume fixedPairs,
            Volume movingPairs, int... fixedSlices) throws IOException {
        RasterIO.writePng(png, render(fixed, moving, warped, fixedPairs, movingPairs, fixedSlices));
    }

    /**
     * @param warped      the moving image resampled on the fixed grid
     * @param fixedPairs  pair ids on the fixed grid, 0 = none
     * @param movingPairs pair ids on the moving grid, 0 = none
     * @param fixedSlices fixed slices to show, one per row; empty = the slices with the most pairs
     */
    public static BufferedImage render(Volume fixed, Volume moving, Volume warped, Volume fixedPairs,
            Volume movingPairs, int... fixedSlices) {
        requireSameGrid(fixed, warped, "warped image");
        requireSameGrid(fixed, fixedPairs, "fixed pair labels");
        requireSameGrid(moving, movingPairs, "moving pair labels");
        int[] rows = fixedSlices.length > 0 ? fixedSlices : slicesWithMostPairs(fixedPairs);
        float[] fixedWindow = window(fixed), movingWindow = window(moving);
        BufferedImage out = new BufferedImage(COLUMNS * (BOX + GAP) + GAP, rows.length * (BOX + TITLE + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.WHITE);
        for (int r = 0; r < rows.length; r++) {
            int k = rows[r];
            int mk = matchingMovingSlice(fixedPairs, k, movingPairs);
            Panel f = new Panel(fixed, k, fixedWindow);
            Panel m = new Panel(moving, mk, movingWindow);
            Panel w = new Panel(warped, k, movingWindow);
            String fz = sliceName(fixed, k), mz = sliceName(moving, mk);
            BufferedImage[] panels = {
                f.grey(), m.grey(), w.grey(), f.checkerboard(w),
                f.withPairs(fixedPairs), m.withPairs(movingPairs)
            };
            String[] titles = {
                "fixed" + fz, "moving" + mz, "warped moving" + fz, "checkerboard fixed/warped",
                "fixed + " + pairCount(fixedPairs, k) + " pair ROIs",
                "moving + " + pairCount(movingPairs, mk) + " pair ROIs"
            };
            int y = GAP + r * (BOX + TITLE + GAP);
            for (int c = 0; c < COLUMNS; c++) {
                int x = GAP + c * (BOX + GAP);
                g.drawString(titles[c], x, y + TITLE - 7);
                BufferedImage p = panels[c];
                g.drawImage(p, x + (BOX - p.getWidth()) / 2, y + TITLE + (BOX - p.getHeight()) / 2, null);
            }
        }
        g.dispose();
        return out;
    }

    private static void requireSameGrid(Volume reference, Volume other, String what) {
        if (!reference.geometry().sameGrid(other.geometry(), 1e-3)) {
            throw new IllegalArgumentException(what + " must share the grid of its image: " + other.geometry()
                    + " vs " + reference.geometry());
        }
    }

    private static String sliceName(Volume v, int k) {
        return v.geometry().is2D() ? "" : "  (slice " + (k + 1) + "/" + v.geometry().nz + ")";
    }

    /** Colour of pair {@code id}, the same as in the SEGs. */
    public static Color pairColour(int id) {
        int[] rgb = LabelColours.rgb(id);
        return new Color(rgb[0], rgb[1], rgb[2]);
    }

    // ------------------------------------------------------------------------------------------ slice choice

    private static Set<Integer> idsInSlice(Volume pairs, int k) {
        Set<Integer> ids = new HashSet<>();
        for (float v : pairs.slice(k)) {
            if (v > 0) {
                ids.add(Math.round(v));
            }
        }
        return ids;
    }

    private static int pairCount(Volume pairs, int k) {
        return idsInSlice(pairs, k).size();
    }

    /** Up to 3 slices with the most pairs, kept apart so that the rows show different anatomy. */
    static int[] slicesWithMostPairs(Volume pairs) {
        int nz = pairs.geometry().nz;
        Integer[] order = new Integer[nz];
        int[] counts = new int[nz];
        for (int k = 0; k < nz; k++) {
            order[k] = k;
            counts[k] = pairCount(pairs, k);
        }
        Arrays.sort(order, (a, b) -> counts[b] != counts[a] ? counts[b] - counts[a] : Math.abs(a - nz / 2)
                - Math.abs(b - nz / 2));
        int minDistance = Math.max(1, nz / 5);
        List<Integer> chosen = new ArrayList<>();
        for (int k : order) {
            if (chosen.size() < MAX_ROWS && (chosen.isEmpty() || counts[k] > 0)
                    && chosen.stream().allMatch(c -> Math.abs(c - k) >= minDistance)) {
                chosen.add(k);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The moving slice sharing the most pair ids with fixed slice k; ties go to the nearest relative depth. */
    private static int matchingMovingSlice(Volume fixedPairs, int k, Volume movingPairs) {
        int nz = movingPairs.geometry().nz;
        Set<Integer> wanted = idsInSlice(fixedPairs, k);
        double sameDepth = (k + 0.5) * nz / fixedPairs.geometry().nz - 0.5;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int mk = 0; mk < nz; mk++) {
            Set<Integer> shared = idsInSlice(movingPairs, mk);
            shared.retainAll(wanted);
            double score = shared.size() * nz - Math.abs(mk - sameDepth); // a shared pair outweighs any distance
            if (score > bestScore) {
                bestScore = score;
                best = mk;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------------------------------ intensities

    /** Display window: the 1st and 99.5th intensity percentiles (robust to a few very bright voxels). */
    static float[] window(Volume v) {
        int n = v.geometry().voxelCount();
        int step = Math.max(1, n / 200_000);
        float[] sample = new float[(n + step - 1) / step];
        for (int i = 0, s = 0; i < n; i += step) {
            sample[s++] = v.intensity(i);
        }
        Arrays.sort(sample);
        float low = sample[(int) (0.01 * (sample.length - 1))];
        float high = sample[(int) (0.995 * (sample.length - 1))];
        return high > low ? new float[] {low, high} : new float[] {sample[0], sample[sample.length - 1] + 1};
    }

    // ------------------------------------------------------------------------------------------ panels

    /** One slice fitted into the panel box at its physical aspect ratio, in radiological orientation. */
    private static final class Panel {
        final Geometry geometry;
        final float[] intensities;
        final int k, width, height;
        final float[] window;
        final double pixelMm;
        final boolean flipX, flipY;

        Panel(Volume volume, int k, float[] window) {
            this.geometry = volume.geometry();
            this.intensities = volume.greyscale().slice(k);
            this.k = k;
            this.window = window;
            double widthMm = geometry.nx * geometry.spacing(0), heightMm = geometry.ny * geometry.spacing(1);
            pixelMm = Math.max(widthMm, heightMm) / BOX;
            width = (int) Math.round(widthMm / pixelMm);
            height = (int) Math.round(heightMm / pixelMm);
            double[] d = geometry.direction();
            flipX = pointsAgainstReadingDirection(d, 0);
            flipY = pointsAgainstReadingDirection(d, 1);
        }

        /**
         * Radiologists see patient left (+x) on the right, posterior (+y) at the bottom and superior (+z) at the
         * top; an image axis pointing mainly the other way is flipped.
         */
        private static boolean pointsAgainstReadingDirection(double[] direction, int axis) {
            int dominant = 0;
            for (int r = 1; r < 3; r++) {
                if (Math.abs(direction[3 * r + axis]) > Math.abs(direction[3 * dominant + axis])) {
                    dominant = r;
                }
            }
            double component = direction[3 * dominant + axis];
            return dominant == 2 ? component > 0 : component < 0;
        }

        double voxelX(int u) {
            double i = (u + 0.5) * pixelMm / geometry.spacing(0) - 0.5;
            return flipX ? geometry.nx - 1 - i : i;
        }

        double voxelY(int v) {
            double j = (v + 0.5) * pixelMm / geometry.spacing(1) - 0.5;
            return flipY ? geometry.ny - 1 - j : j;
        }

        int greyLevel(int u, int v) {
            float value = Interpolation.linear(intensities, geometry.nx, geometry.ny, 1, voxelX(u), voxelY(v), 0,
                    window[0]);
            return Math.round(Math.min(255, Math.max(0, 255 * (value - window[0]) / (window[1] - window[0]))));
        }

        BufferedImage grey() {
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            for (int v = 0; v < height; v++) {
                for (int u = 0; u < width; u++) {
                    int level = greyLevel(u, v);
                    out.setRGB(u, v, level << 16 | level << 8 | level);
                }
            }
            return out;
        }

        /** Alternating tiles of this panel and another of the same size (fixed and warped share a grid). */
        BufferedImage checkerboard(Panel other) {
            BufferedImage mine = grey(), theirs = other.grey();
            int tile = Math.max(1, Math.max(width, height) / CHECKER_TILES);
            for (int v = 0; v < height; v++) {
                for (int u = 0; u < width; u++) {
                    if (((u / tile) + (v / tile)) % 2 == 1) {
                        mine.setRGB(u, v, theirs.getRGB(u, v));
                    }
                }
            }
            return mine;
        }

        int pairAt(float[] pairs, int u, int v) {
            if (u < 0 || v < 0 || u >= width || v >= height) {
                return 0;
            }
            return Math.round(Interpolation.nearest(pairs, geometry.nx, geometry.ny, 1, voxelX(u), voxelY(v), 0, 0));
        }

        /** The grey panel with each pair tinted and outlined in its colour, and numbered at its centroid. */
        BufferedImage withPairs(Volume pairVolume) {
            BufferedImage out = grey();
            float[] pairs = pairVolume.slice(k);
            int maxId = Math.round(Math.max(0, pairVolume.range()[1]));
            double[] sumU = new double[maxId + 1], sumV = new double[maxId + 1];
            int[] count = new int[maxId + 1];
            for (int v = 0; v < height; v++) {
                for (int u = 0; u < width; u++) {
                    int id = pairAt(pairs, u, v);
                    if (id <= 0) {
                        continue;
                    }
                    sumU[id] += u;
                    sumV[id] += v;
                    count[id]++;
                    boolean edge = pairAt(pairs, u - 1, v) != id || pairAt(pairs, u + 1, v) != id
                            || pairAt(pairs, u, v - 1) != id || pairAt(pairs, u, v + 1) != id;
                    out.setRGB(u, v, edge ? pairColour(id).getRGB() : blend(out.getRGB(u, v), pairColour(id)));
                }
            }
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
            FontMetrics metrics = g.getFontMetrics();
            for (int id = 1; id <= maxId; id++) {
                if (count[id] > 0) {
                    String label = Integer.toString(id);
                    float x = (float) (sumU[id] / count[id]) - metrics.stringWidth(label) / 2f;
                    float y = (float) (sumV[id] / count[id]) + metrics.getAscent() / 2f;
                    outlinedText(g, label, x, y, pairColour(id));
                }
            }
            g.dispose();
            return out;
        }

        private static int blend(int rgb, Color tint) {
            int r = (int) ((1 - FILL_ALPHA) * ((rgb >> 16) & 0xff) + FILL_ALPHA * tint.getRed());
            int gr = (int) ((1 - FILL_ALPHA) * ((rgb >> 8) & 0xff) + FILL_ALPHA * tint.getGreen());
            int b = (int) ((1 - FILL_ALPHA) * (rgb & 0xff) + FILL_ALPHA * tint.getBlue());
            return r << 16 | gr << 8 | b;
        }

        private static void outlinedText(Graphics2D g, String text, float x, float y, Color colour) {
            TextLayout layout = new TextLayout(text, g.getFont(), g.getFontRenderContext());
            Shape shape = layout.getOutline(AffineTransform.getTranslateInstance(x, y));
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(3f));
            g.draw(shape);
            g.setColor(colour);
            g.fill(shape);
        }
    }
}
