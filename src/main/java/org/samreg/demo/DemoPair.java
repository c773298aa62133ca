package org.samreg.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.samreg.field.DisplacementField;
import org.samreg.field.Warper;
import org.samreg.image.Geometry;
import org.samreg.image.ImageFormatException;
import org.samreg.image.Interpolation;
import org.samreg.image.Mask;
import org.samreg.image.NiftiIO;
import org.samreg.image.Volume;

/**
 * The built-in demo samples, needing no benchmark data, made from the Colin27 T1 brain (ch2) and its AAL atlas
 * labels: the fixed image, and a copy bent by a known smooth sinusoidal deformation as the moving image.
 * {@link #load()} is one axial slice with an in-plane deformation; {@link #loadVolume()} the whole brain (1 mm
 * isotropic, cropped to the atlas's box) with a deformation along every axis, the thin-slice volume of the speed
 * issue. The true field satisfies {@code moving(p + u(p)) = fixed(p)} for fixed-grid points p (mm, LPS).
 */
public record DemoPair(Volume fixed, Volume moving, Volume fixedLabels, Volume movingLabels,
        DisplacementField truth) {

    /** Where Debian's mricron-data package installs the templates. */
    public static final Path TEMPLATES = Path.of("/usr/share/mricron/templates");
    public static final double AMPLITUDE_MM = 5;
    public static final double WAVELENGTH_MM = 90;
    /** Axial slice 10 mm above the AC, through the basal ganglia and lateral ventricles: many AAL regions. */
    public static final double SLICE_Z_MM = 10;
    /** Voxels of background kept around the atlas's labels when the volume is cropped. */
    static final int MARGIN_VOXELS = 4;

    /** The known deformation: each axis shifted by a sine wave along another. */
    private enum Deformation {
        /** x along y, y along x; no through-plane part. */
        IN_PLANE,
        /** x along y, y along z, z along x. */
        VOLUME;

        double[] at(double[] p) {
            double w = 2 * Math.PI / WAVELENGTH_MM;
            return this == IN_PLANE
                    ? new double[] {AMPLITUDE_MM * Math.sin(w * p[1]), AMPLITUDE_MM * Math.cos(w * p[0]), 0}
                    : new double[] {AMPLITUDE_MM * Math.sin(w * p[1]), AMPLITUDE_MM * Math.cos(w * p[2]),
                            AMPLITUDE_MM * Math.sin(w * p[0])};
        }
    }

    public static DemoPair load() throws IOException {
        return load(TEMPLATES);
    }

    public static DemoPair load(Path templates) throws IOException {
        Volume brain = NiftiIO.read(requireTemplate(templates.resolve("ch2.nii.gz")));
        Volume atlas = NiftiIO.read(requireTemplate(templates.resolve("aal.nii.gz")));
        return deformed(axialSlice(brain, SLICE_Z_MM), atlas, Deformation.IN_PLANE);
    }

    public static DemoPair loadVolume() throws IOException {
        return loadVolume(TEMPLATES);
    }

    public static DemoPair loadVolume(Path templates) throws IOException {
        Volume brain = NiftiIO.read(requireTemplate(templates.resolve("ch2.nii.gz")));
        Volume atlas = NiftiIO.read(requireTemplate(templates.resolve("aal.nii.gz")));
        Geometry box = labelBox(brain.geometry(), Warper.warpLabels(atlas, DisplacementField.zero(brain.geometry())));
        return deformed(Warper.warp(brain, DisplacementField.zero(box)), atlas, Deformation.VOLUME);
    }

    private static DemoPair deformed(Volume fixed, Volume atlas, Deformation deformation) {
        Volume fixedLabels = Warper.warpLabels(atlas, DisplacementField.zero(fixed.geometry()));
        return new DemoPair(fixed, warpByInverse(fixed, false, deformation), fixedLabels,
                warpByInverse(fixedLabels, true, deformation), field(fixed.geometry(), deformation));
    }

    /**
     * Per brain voxel of the fixed image: the distance (mm) between where {@code estimate} maps it and where the
     * known deformation does; {@code estimate} may live on any grid of the fixed image's space.
     */
    public double[] errorsInsideBrainMm(DisplacementField estimate) {
        Geometry g = fixed.geometry();
        float[] brain = fixedLabels.data();
        return IntStream.range(0, g.voxelCount()).parallel().filter(v -> brain[v] != 0).mapToDouble(v -> {
            double[] p = patient(g, v);
            double[] t = truth.mapPoint(p), e = estimate.mapPoint(p);
            return Math.sqrt((t[0] - e[0]) * (t[0] - e[0]) + (t[1] - e[1]) * (t[1] - e[1])
                    + (t[2] - e[2]) * (t[2] - e[2]));
        }).toArray();
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

    /** The grid of {@code image} cut to the box of {@code labels}' non-zero voxels, plus a margin. */
    static Geometry labelBox(Geometry image, Volume labels) {
        float[] l = labels.data();
        boolean[] labelled = new boolean[l.length];
        for (int v = 0; v < l.length; v++) {
            labelled[v] = l[v] != 0;
        }
        int[][] bounds = Mask.fromDense(labels.geometry(), labelled)
                .bounds(new int[] {MARGIN_VOXELS, MARGIN_VOXELS, MARGIN_VOXELS});
        int[] lo = bounds[0], hi = bounds[1];
        return new Geometry(hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1, image.spacing(),
                image.toPatient(lo[0], lo[1], lo[2]), image.direction());
    }

    /** The patient position (mm) of voxel index {@code v} of {@code g}. */
    private static double[] patient(Geometry g, int v) {
        return g.toPatient(v % g.nx, (v / g.nx) % g.ny, v / g.sliceSize());
    }

    private static DisplacementField field(Geometry g, Deformation deformation) {
        float[] vectors = new float[3 * g.voxelCount()];
        IntStream.range(0, g.voxelCount()).parallel().forEach(v -> {
            double[] u = deformation.at(patient(g, v));
            for (int c = 0; c < 3; c++) {
                vectors[3 * v + c] = (float) u[c];
            }
        });
        return new DisplacementField(g, vectors);
    }

    /**
     * The image whose value at q is {@code image(p)} with {@code p + u(p) = q}. The inverse is found by the
     * fixed-point iteration {@code p <- q - u(p)}, which converges because |grad u| = 2 pi A / wavelength < 1.
     */
    private static Volume warpByInverse(Volume image, boolean labels, Deformation deformation) {
        Geometry g = image.geometry();
        float[] out = new float[g.voxelCount()];
        IntStream.range(0, g.voxelCount()).parallel().forEach(v -> {
            double[] q = patient(g, v);
            double[] p = q.clone();
            for (int iteration = 0; iteration < 30; iteration++) {
                double[] u = deformation.at(p);
                for (int c = 0; c < 3; c++) {
                    p[c] = q[c] - u[c];
                }
            }
            double[] x = g.toVoxel(p[0], p[1], p[2]);
            out[v] = labels
                    ? Interpolation.nearest(image.data(), g.nx, g.ny, g.nz, x[0], x[1], x[2], 0)
                    : Interpolation.linear(image.data(), g.nx, g.ny, g.nz, x[0], x[1], x[2], 0);
        });
        return Volume.grey(g, out);
    }
}
