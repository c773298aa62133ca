package org.samreg.image;

/** Integer in-plane shrinking by box averaging, keeping the physical extent and placement of the image. */
public final class Downsampling {
    private Downsampling() {
    }

    /** The smallest integer factor that brings width and height down to {@code maxSize} or less. */
    public static int factorFor(Geometry g, int maxSize) {
        return Math.max(1, (int) Math.ceil(Math.max(g.nx, g.ny) / (double) maxSize));
    }

    public static Volume inPlane(Volume v, int factor) {
        if (factor == 1) {
            return v;
        }
        Geometry g = v.geometry();
        int nx = g.nx / factor, ny = g.ny / factor, comps = v.components();
        double[] spacing = g.spacing();
        // the new voxel (0,0) sits at the centre of the first factor x factor block
        double[] origin = g.toPatient((factor - 1) / 2.0, (factor - 1) / 2.0, 0);
        spacing[0] *= factor;
        spacing[1] *= factor;
        Geometry small = new Geometry(nx, ny, g.nz, spacing, origin, g.direction());
        float[] out = new float[small.voxelCount() * comps];
        float norm = 1f / (factor * factor);
        for (int k = 0; k < g.nz; k++) {
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    for (int c = 0; c < comps; c++) {
                        float sum = 0;
                        for (int dj = 0; dj < factor; dj++) {
                            for (int di = 0; di < factor; di++) {
                                sum += v.get(i * factor + di, j * factor + dj, k, c);
                            }
                        }
                        out[small.index(i, j, k) * comps + c] = sum * norm;
                    }
                }
            }
        }
        return new Volume(small, out, comps);
    }
}
