package org.samreg.dicom;

import static org.samreg.dicom.DicomAttributes.code;
import static org.samreg.dicom.DicomAttributes.decimalString;
import static org.samreg.dicom.DicomAttributes.put;
import static org.samreg.dicom.DicomAttributes.putDecimals;
import static org.samreg.dicom.DicomAttributes.putDoubles;
import static org.samreg.dicom.DicomAttributes.putInts;
import static org.samreg.dicom.DicomAttributes.sequence;
import static org.samreg.dicom.DicomAttributes.tag;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherFloatAttribute;
import com.pixelmed.dicom.SOPClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.samreg.field.DisplacementField;
import org.samreg.image.Geometry;

/**
 * Writes a registration as a DICOM Deformable Spatial Registration object (Modality REG) in the fixed series'
 * Frame of Reference (the Registered RCS).
 *
 * <p>DICOM (PS3.3 C.20.3.1.1) maps a grid point p of the Registered RCS to the Source RCS as
 * {@code q = Mpost * (Mpre * p + D(p))}. We write {@code Mpre} = the given fixed -> moving matrix A, {@code Mpost}
 * = identity, and choose the grid vectors so that this reproduces the field exactly:
 * {@code D(p) = u(p) + (p - A p)}, where p + u(p) is the field's moving point. With A = identity the stored
 * vectors are the field's vectors bit for bit; otherwise they differ only by float32 rounding. A is stored as
 * decimal strings (16 characters), so D is computed from A as stored, not from the caller's doubles.
 */
public final class RegistrationWriter {
    private static final double[] IDENTITY = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    private final UidGenerator uids;

    public RegistrationWriter(UidGenerator uids) {
        this.uids = uids;
    }

    /**
     * @param preMatrix row-major 4x4 from fixed patient coordinates to moving patient coordinates (the rigid or
     *                  affine part of the registration)
     * @param field     the complete mapping: fixed point p corresponds to moving point p + u(p)
     * @return the written file; nothing is written if this fails
     */
    public Path write(DicomSeries fixed, DicomSeries moving, double[] preMatrix, DisplacementField field,
            Path folder) throws IOException {
        checkMatrix(preMatrix);
        // the grid vectors complete the matrix as stored, i.e. rounded to DICOM decimal strings
        double[] storedMatrix = Arrays.stream(preMatrix).map(v -> Double.parseDouble(decimalString(v))).toArray();
        Geometry grid = field.grid();
        checkRightHanded(grid);
        String sopInstanceUid = uids.newUid();
        AttributeList reg = new AttributeList();
        DicomAttributes.copyPatientAndStudy(fixed, reg);
        DicomAttributes.newSeries(reg, fixed, "REG", DicomAttributes.REGISTRATION_SERIES,
                "SAMReg deformable registration", uids.newUid());
        DicomAttributes.equipment(reg);
        DicomAttributes.instance(reg, SOPClass.DeformableSpatialRegistrationStorage, sopInstanceUid, 1);
        DicomAttributes.contentIdentification(reg, "SAMREG",
                "SAMReg: " + describe(moving) + " registered to " + describe(fixed));

        AttributeList identity = new AttributeList();
        put(identity, "SourceFrameOfReferenceUID", fixed.frameOfReferenceUid());
        sequence(identity, "ReferencedImageSequence", fixed.slices().stream().map(DicomAttributes::imageReference).toList());
        sequence(identity, "RegistrationTypeCodeSequence", code("125021", "DCM", "Frame of Reference Identity"));

        AttributeList deformation = new AttributeList();
        put(deformation, "SourceFrameOfReferenceUID", moving.frameOfReferenceUid());
        sequence(deformation, "ReferencedImageSequence", moving.slices().stream().map(DicomAttributes::imageReference).toList());
        put(deformation, "FrameOfReferenceTransformationComment", "SAMReg ROI-matched dense deformation");
        sequence(deformation, "RegistrationTypeCodeSequence", code("125024", "DCM", "Image Content-based Alignment"));
        sequence(deformation, "PreDeformationMatrixRegistrationSequence", matrixItem(storedMatrix));
        sequence(deformation, "PostDeformationMatrixRegistrationSequence", matrixItem(IDENTITY));
        sequence(deformation, "DeformableRegistrationGridSequence", gridItem(grid, gridVectors(field, storedMatrix)));
        // one item per source frame of reference: a reader picks the item by it, so when both series share one, the
        // identity item would hide the deformation
        boolean sharedFrame = fixed.frameOfReferenceUid().equals(moving.frameOfReferenceUid());
        sequence(reg, "DeformableRegistrationSequence", sharedFrame ? List.of(deformation)
                : List.of(identity, deformation));

        DicomAttributes.commonInstanceReference(reg, fixed.studyInstanceUid(), List.of(fixed, moving));
        Path target = folder.resolve("REG_" + sopInstanceUid + ".dcm");
        DicomAttributes.writePart10(reg, target);
        return target;
    }

    /** D(p) = u(p) + (p - A p) at every grid point (see the class comment). */
    static float[] gridVectors(DisplacementField field, double[] a) {
        Geometry g = field.grid();
        float[] u = field.vectors();
        float[] d = new float[u.length];
        for (int k = 0, v = 0; k < g.nz; k++) {
            for (int j = 0; j < g.ny; j++) {
                for (int i = 0; i < g.nx; i++, v += 3) {
                    double[] p = g.toPatient(i, j, k);
                    double[] ap = Geometry.apply(a, p[0], p[1], p[2]); // a 4x4 starts with its 3x4 affine part
                    for (int c = 0; c < 3; c++) {
                        d[v + c] = (float) (u[v + c] + (p[c] - ap[c]));
                    }
                }
            }
        }
        return d;
    }

    private static AttributeList matrixItem(double[] m) {
        AttributeList item = new AttributeList();
        putDecimals(item, "FrameOfReferenceTransformationMatrix", m);
        put(item, "FrameOfReferenceTransformationMatrixType", isRigid(m) ? "RIGID" : "AFFINE");
        return item;
    }

    private static AttributeList gridItem(Geometry g, float[] vectors) {
        AttributeList item = new AttributeList();
        DicomAttributes.putOrientation(item, g);
        putDecimals(item, "ImagePositionPatient", g.origin());
        putInts(item, "GridDimensions", g.nx, g.ny, g.nz);
        putDoubles(item, "GridResolution", g.spacing());
        OtherFloatAttribute data = new OtherFloatAttribute(tag("VectorGridData"));
        try {
            data.setValues(vectors);
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
        item.put(data);
        return item;
    }

    static boolean isRigid(double[] m) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                double rowDot = m[4 * r] * m[4 * c] + m[4 * r + 1] * m[4 * c + 1] + m[4 * r + 2] * m[4 * c + 2];
                if (Math.abs(rowDot - (r == c ? 1 : 0)) > 1e-6) {
                    return false;
                }
            }
        }
        double det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8])
                + m[2] * (m[4] * m[9] - m[5] * m[8]);
        return det > 0;
    }

    private static void checkMatrix(double[] m) {
        if (m.length != 16 || m[12] != 0 || m[13] != 0 || m[14] != 0 || m[15] != 1) {
            throw new IllegalArgumentException("pre-deformation matrix must be a row-major 4x4 affine with last row "
                    + "0 0 0 1");
        }
    }

    /** DICOM grids have their third axis along row x column; other grids would need re-ordering first. */
    private static void checkRightHanded(Geometry g) {
        double[] d = g.direction();
        double[] n = {d[3] * d[7] - d[6] * d[4], d[6] * d[1] - d[0] * d[7], d[0] * d[4] - d[3] * d[1]};
        if (n[0] * d[2] + n[1] * d[5] + n[2] * d[8] < 1 - 1e-6) {
            throw new IllegalArgumentException("the field's grid third axis is not row x column: " + g);
        }
    }

    private static String describe(DicomSeries s) {
        return s.modality() + " series " + s.seriesNumber();
    }
}
