package org.samreg.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.samreg.image.Geometry;

/** Corresponding 2D landmark pairs in pixels: fixed (x, y) and moving (x, y). */
public record Landmarks(List<double[]> fixed, List<double[]> moving) {

    /** Reads lines {@code x_fixed y_fixed x_moving y_moving}; blank lines and '#' comments are skipped. */
    public static Landmarks read(Path file) throws IOException {
        List<double[]> f = new ArrayList<>(), m = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file)) {
            lineNo++;
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] p = t.split("[\\s,]+");
            if (p.length < 4) {
                throw new IOException(file + " line " + lineNo + ": expected 'x_fixed y_fixed x_moving y_moving'");
            }
            f.add(new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])});
            m.add(new double[] {Double.parseDouble(p[2]), Double.parseDouble(p[3])});
        }
        if (f.isEmpty()) {
            throw new IOException(file + " holds no landmark");
        }
        return new Landmarks(f, m);
    }

    /**
     * Maps every fixed landmark into the moving image's pixel frame.
     * @param fixedToMoving patient-space mapping fixed -> moving (e.g. a displacement field)
     */
    public List<double[]> mapFixed(Geometry fixedGrid, Geometry movingGrid, UnaryOperator<double[]> fixedToMoving) {
        List<double[]> out = new ArrayList<>();
        for (double[] p : fixed) {
            double[] q = fixedToMoving.apply(fixedGrid.toPatient(p[0], p[1], 0));
            double[] v = movingGrid.toVoxel(q[0], q[1], q[2]);
            out.add(new double[] {v[0], v[1]});
        }
        return out;
    }

    /** Distances, in moving-image mm, between mapped fixed landmarks and the true moving landmarks. */
    public double[] errorsMm(List<double[]> mappedToMoving, Geometry movingGrid) {
        double[] e = new double[moving.size()];
        for (int n = 0; n < e.length; n++) {
            double[] a = movingGrid.toPatient(mappedToMoving.get(n)[0], mappedToMoving.get(n)[1], 0);
            double[] b = movingGrid.toPatient(moving.get(n)[0], moving.get(n)[1], 0);
            e[n] = Math.sqrt(Math.pow(a[0] - b[0], 2) + Math.pow(a[1] - b[1], 2) + Math.pow(a[2] - b[2], 2));
        }
        return e;
    }
}
