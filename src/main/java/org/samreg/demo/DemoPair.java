package org.samreg.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.samreg.field.DisplacementField;
import org.samreg.field.Warper;
import org.samreg.image.Geometry;
import org.samreg.image.ImageFormatException;
import org.samreg.image.Interpolation;
import org.samreg.image.NiftiIO;
import org.samreg.image.Volume;

/**
 * The built-in demo sample, needing no benchmark data: one axial slice of the Colin27 T1 brain (ch2) with its AAL
 * atlas labels as the fixed image, and a copy bent by a known smooth sinusoidal deformation as the moving image.
 * The true field satisfies {@code moving(p + u(p)) = fixed(p)} for fixed-grid points p (mm, LPS).
 */
public record DemoPair(Volume fixed, Volume moving, Volume fixedLabels, Volume movingLabels,
        DisplacementField truth) {

    /** Where Debian's mricron-data package installs the templates. */
    public static final Path TEMPLATES = Path.of("/usr/share/mricron/templates");
    public static final double AMPLITUDE_MM = 5;
    public static final double WAVELENGTH_MM = 90;
    /** Axial slice 10 mm above the AC, through the basal ganglia and lateral ventricles: many AAL regions. */
    public static final double SLICE_Z_MM = 10;

    public static DemoPair load() throws IOException {
        return load(TEMPLATES);
    }

    public static DemoPair load(Path templates) throws IOException {
        Volume brain = NiftiIO.read(requireTemplate(templates.resolve("ch2.nii.gz")));
        Volume atlas = NiftiIO.read(requireTemplate(templates.resolve("aal.nii.gz")));
        Volume fixed = axialSlice(brain, SLICE_Z_MM);
        Volume fixedLabels = Warper.warpLabels(atlas, DisplacementField.zero(fixed.geometry()));
        DisplacementField truth = sinusoidalField(fixed.geometry());
        return new DemoPair(fixed, warpByInverse(fixed, false), fixedLabels, warpByInverse(fixedLabels, true), truth);
    }

    /**
     * Per brain pixel of the fixed slice: the distance (mm) between where {@code estimate} maps it and where the
     * known deformation does; {@code estimate} may live on any grid of the fixed image's space.
     */
    public double[] errorsInsideBrainMm(DisplacementField estimate) {
        Geometry g = fixed.geometry();
        float[] brain = fixedLabels.data();
        double[] errors = new double[g.voxelCount()];
        int n = 0;
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                if (brain[g.index(i, j, 0)] != 0) {
                    double[] p = g.toPatient(i, j, 0);
                    double[] t = truth.mapPoint(p), e = estimate.mapPoint(p);
                    errors[n++] = Math.sqrt((t[0] - e[0]) * (t[0] - e[0]) + (t[1] - e[1]) * (t[1] - e[1])
                            + (t[2] - e[2]) * (t[2] - e[2]));
                }
            }
        }
        return Arrays.copyOf(errors, n);
    }

    private static Path requireTemplate(Path file) throws ImageFormatException {
        if (!Files.isReadable(file)) {
            throw new ImageFormatException(file, "demo template not found; install the Debian package mricron-data "
                    + "(apt-get install mricron-data)");
        }
        return file;
    }

    /** The slice of a volume whose slice axis is the patient z axis, nearest to height z (mm). */
    static Volume axialSlice(Volume volume, double zMm) {
        Geometry g = volume.geometry();
        double[] centre = g.toPatient((g.nx - 1) / 2.0, (g.ny - 1) / 2.0, 0);
        int k = (int) Math.round(g.toVoxel(centre[0], centre[1], zMm)[2]);
        if (k < 0 || k >= g.nz) {
            throw new IllegalArgumentException("height " + zMm + " mm lies outside " + g);
        }
        Geometry slice = new Geometry(g.nx, g.ny, 1, g.spacing(), g.toPatient(0, 0, k), g.direction());
        return Volume.grey(slice, volume.slice(k));
    }

    /** In-plane displacement u(p) (mm): each axis shifted by a sine wave along the other. */
    static double[] displacementAt(double[] p) {
        double w = 2 * Math.PI / WAVELENGTH_MM;
        return new double[] {AMPLITUDE_MM * Math.sin(w * p[1]), AMPLITUDE_MM * Math.cos(w * p[0]), 0};
    }

    private static DisplacementField sinusoidalField(Geometry g) {
        float[] vectors = new float[3 * g.voxelCount()];
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                double[] u = displacementAt(g.toPatient(i, j, 0));
                int v = 3 * g.index(i, j, 0);
                for (int c = 0; c < 3; c++) {
                    vectors[v + c] = (float) u[c];
                }
            }
        }
        return new DisplacementField(g, vectors);
    }

    /**
     * The image whose value at q is {@code image(p)} with {@code p + u(p) = q}. The inverse is found by the
     * fixed-point iteration {@code p <- q - u(p)}, which converges because |grad u| = 2 pi A / wavelength < 1.
     */
    private static Volume warpByInverse(Volume image, boolean labels) {
        Geometry g = image.geometry();
        float[] out = new float[g.voxelCount()];
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                double[] q = g.toPatient(i, j, 0);
                double[] p = q.clone();
                for (int iteration = 0; iteration < 30; iteration++) {
                    double[] u = displacementAt(p);
                    for (int c = 0; c < 3; c++) {
                        p[c] = q[c] - u[c];
                    }
                }
                double[] v = g.toVoxel(p[0], p[1], p[2]);
                out[g.index(i, j, 0)] = labels
                        ? Interpolation.nearest(image.data(), g.nx, g.ny, 1, v[0], v[1], v[2], 0)
                        : Interpolation.linear(image.data(), g.nx, g.ny, 1, v[0], v[1], v[2], 0);
            }
        }
        return Volume.grey(g, out);
    }
}
