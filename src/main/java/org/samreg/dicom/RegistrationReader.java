package org.samreg.dicom;

import static org.samreg.dicom.DicomAttributes.doubles;
import static org.samreg.dicom.DicomAttributes.item;
import static org.samreg.dicom.DicomAttributes.items;
import static org.samreg.dicom.DicomAttributes.string;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import java.nio.file.Path;
import java.util.Arrays;
import org.samreg.field.DisplacementField;
import org.samreg.image.Geometry;

/**
 * Reads a Deformable Spatial Registration (as written by {@link RegistrationWriter}, or any with one grid) back
 * into the complete fixed -> moving {@link DisplacementField}: u(p) = Mpost (Mpre p + D(p)) - p.
 */
public final class RegistrationReader {
    /**
     * @param field      the complete mapping on the grid (fixed p maps to moving p + u(p))
     * @param gridVectors the stored Vector Grid Data D(p), on the same grid
     * @param preMatrix  row-major 4x4 Pre Deformation matrix (fixed -> moving), identity if absent
     */
    public record Registration(String frameOfReferenceUid, String sourceFrameOfReferenceUid, double[] preMatrix,
            double[] postMatrix, DisplacementField field, DisplacementField gridVectors) {
    }

    private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};

    private RegistrationReader() {
    }

    public static Registration read(Path file) throws DicomInputException {
        AttributeList reg = DicomAttributes.readFile(file);
        if (!SOPClass.DeformableSpatialRegistrationStorage.equals(string(reg, "SOPClassUID"))) {
            throw new DicomInputException(file + ": not a Deformable Spatial Registration (SOP class "
                    + string(reg, "SOPClassUID") + ")");
        }
        for (AttributeList registration : items(reg, "DeformableRegistrationSequence")) {
            AttributeList gridItem = item(registration, "DeformableRegistrationGridSequence");
            if (gridItem != null) {
                double[] pre = matrix(file, registration, "PreDeformationMatrixRegistrationSequence");
                double[] post = matrix(file, registration, "PostDeformationMatrixRegistrationSequence");
                DisplacementField vectors = gridVectors(file, gridItem);
                return new Registration(string(reg, "FrameOfReferenceUID"),
                        string(registration, "SourceFrameOfReferenceUID"), pre, post,
                        compose(vectors, pre, post), vectors);
            }
        }
        throw new DicomInputException(file + ": no Deformable Registration Grid Sequence item");
    }

    private static double[] matrix(Path file, AttributeList registration, String sequence)
            throws DicomInputException {
        AttributeList m = item(registration, sequence);
        if (m == null) {
            return IDENTITY.clone();
        }
        double[] values = doubles(m, "FrameOfReferenceTransformationMatrix");
        if (values == null || values.length != 16) {
            throw new DicomInputException(file + ": malformed matrix in " + sequence);
        }
        return values;
    }

    private static DisplacementField gridVectors(Path file, AttributeList gridItem) throws DicomInputException {
        double[] orientation = doubles(gridItem, "ImageOrientationPatient");
        double[] position = doubles(gridItem, "ImagePositionPatient");
        double[] resolution = doubles(gridItem, "GridResolution");
        Attribute dims = gridItem.get(DicomAttributes.tag("GridDimensions"));
        Attribute data = gridItem.get(DicomAttributes.tag("VectorGridData"));
        if (orientation == null || orientation.length != 6 || position == null || position.length != 3
                || resolution == null || resolution.length != 3 || dims == null || data == null) {
            throw new DicomInputException(file + ": incomplete Deformable Registration Grid Sequence item");
        }
        long[] n = Attribute.getLongValues(dims);
        Geometry grid = new Geometry((int) n[0], (int) n[1], (int) n[2], resolution, position,
                DicomAttributes.direction(orientation));
        float[] vectors;
        try {
            vectors = data.getFloatValues();
        } catch (DicomException e) {
            throw new DicomInputException(file + ": cannot decode Vector Grid Data", e);
        }
        if (vectors.length != 3L * grid.voxelCount()) {
            throw new DicomInputException(file + ": Vector Grid Data has " + vectors.length + " values, grid "
                    + n[0] + "x" + n[1] + "x" + n[2] + " needs " + 3L * grid.voxelCount());
        }
        return new DisplacementField(grid, vectors);
    }

    /**
     * u(p) = Mpost (Mpre p + D(p)) - p. With Mpost = identity it is evaluated as D(p) + (Mpre p - p), which is
     * exactly D(p) when Mpre is the identity too.
     */
    private static DisplacementField compose(DisplacementField d, double[] pre, double[] post) {
        Geometry g = d.grid();
        float[] dv = d.vectors();
        float[] u = new float[dv.length];
        boolean postIdentity = Arrays.equals(post, IDENTITY);
        for (int k = 0, v = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++, v += 3) {
                    double[] p = g.toPatient(i, j, k);
                    double[] prep = Geometry.apply(pre, p[0], p[1], p[2]); // a 4x4 starts with its 3x4 affine part
                    if (postIdentity) {
                        for (int c = 0; c < 3; c++) {
                            u[v + c] = (float) (dv[v + c] + (prep[c] - p[c]));
                        }
                    } else {
                        double[] q = Geometry.apply(post, prep[0] + dv[v], prep[1] + dv[v + 1], prep[2] + dv[v + 2]);
                        for (int c = 0; c < 3; c++) {
                            u[v + c] = (float) (q[c] - p[c]);
                        }
                    }
                }
            }
        }
        return new DisplacementField(g, u);
    }
}
