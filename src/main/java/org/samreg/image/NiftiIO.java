package org.samreg.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * NIfTI-1 reading and writing (.nii and .nii.gz, single-file "n+1" form).
 *
 * <p>NIfTI's world space is RAS; ours is DICOM's LPS, so the first two rows of the voxel -> world affine are
 * negated on the way in and out. As in ITK, the voxel spacing is taken from {@code pixdim} and the orientation
 * and origin from the sform (if {@code sform_code > 0}), else from the qform quaternion (if {@code qform_code >
 * 0}), else the axes are RAS-aligned at the world origin. (ACDC's sforms, for one, have unit-length columns while
 * pixdim holds the true 1.37 x 1.37 x 10 mm spacing.) Files are written little-endian with the same geometry in
 * the sform and the qform, so that ITK and nibabel agree on it.
 */
public final class NiftiIO {
    /** NIFTI_INTENT_DISPVECT: a displacement vector per voxel. */
    public static final short INTENT_DISPLACEMENT_VECTOR = 1006;

    private static final int HEADER_SIZE = 348;
    private static final int DATA_OFFSET = 352; // header + the 4-byte extension flag
    private static final short UINT8 = 2, INT16 = 4, INT32 = 8, FLOAT32 = 16, FLOAT64 = 64, RGB24 = 128,
            INT8 = 256, UINT16 = 512;
    private static final short XFORM_SCANNER_ANAT = 1;
    private static final byte UNITS_MM = 2;

    private NiftiIO() {
    }

    /** Reads a 3D (or 2D, when dim[3] == 1) image; RGB24 gives 3 components. */
    public static Volume read(Path file) throws IOException {
        NiftiImage image = load(file);
        if (image.volumeCount() > 1) {
            throw new ImageFormatException(file, "holds " + image.volumeCount()
                    + " volumes beyond the 3 spatial dimensions; expected a single 2D or 3D image");
        }
        return new Volume(image.geometry, image.values, image.components);
    }

    /** Reads a 4D file as one volume per index of the 4th dimension (e.g. one binary channel per label). */
    public static List<Volume> readChannels(Path file) throws IOException {
        NiftiImage image = load(file);
        if (image.components != 1 || image.dim(5) * image.dim(6) * image.dim(7) != 1) {
            throw new ImageFormatException(file, "expected a 3D or 4D scalar image for label channels");
        }
        int n = image.geometry.voxelCount();
        List<Volume> channels = new ArrayList<>();
        for (int c = 0; c < image.dim(4); c++) {
            float[] channel = new float[n];
            System.arraycopy(image.values, c * n, channel, 0, n);
            channels.add(Volume.grey(image.geometry, channel));
        }
        return channels;
    }

    /** Reads a vector image written by {@link #writeField}; vectors are converted from the file's RAS to LPS. */
    public static VectorImage readField(Path file) throws IOException {
        NiftiImage image = load(file);
        if (image.components != 1 || image.dim(4) != 1 || image.dim(5) != 3 || image.dim(6) * image.dim(7) != 1) {
            throw new ImageFormatException(file, "expected a displacement field of dimensions [nx, ny, nz, 1, 3]");
        }
        int n = image.geometry.voxelCount();
        float[] vectors = new float[3 * n];
        for (int v = 0; v < n; v++) {
            vectors[3 * v] = -image.values[v];
            vectors[3 * v + 1] = -image.values[n + v];
            vectors[3 * v + 2] = image.values[2 * n + v];
        }
        return new VectorImage(image.geometry, vectors);
    }

    /**
     * Reads a displacement field as ITK writes it (elastix's {@code transformix -def all}): a vector image with 2
     * (2D) or 3 components that, unlike NIfTI's convention, are already in ITK's LPS physical space.
     */
    public static VectorImage readItkField(Path file) throws IOException {
        NiftiImage image = load(file);
        int components = image.dim(5);
        if (image.components != 1 || image.dim(4) != 1 || (components != 2 && components != 3)
                || image.dim(6) * image.dim(7) != 1) {
            throw new ImageFormatException(file, "expected an ITK displacement field of dimensions [nx, ny, nz, 1, 2|3]");
        }
        int n = image.geometry.voxelCount();
        float[] vectors = new float[3 * n];
        for (int v = 0; v < n; v++) {
            for (int c = 0; c < components; c++) {
                vectors[3 * v + c] = image.values[c * n + v];
            }
        }
        return new VectorImage(image.geometry, vectors);
    }

    /** Writes a grey image as float32. */
    public static void writeScalar(Path file, Volume volume) throws IOException {
        requireGrey(volume);
        float[] values = volume.data();
        write(file, volume.geometry(), 1, 1, FLOAT32, (short) 0, values.length * 4,
                buffer -> buffer.asFloatBuffer().put(values));
    }

    /** Writes integer labels as uint8 when they fit, else int16. */
    public static void writeLabels(Path file, Volume labels) throws IOException {
        writeChannels(file, List.of(labels));
    }

    /** Writes label volumes on one grid as a 4D file, one channel per volume (a single one gives a 3D file). */
    public static void writeChannels(Path file, List<Volume> channels) throws IOException {
        Geometry geometry = channels.get(0).geometry();
        for (Volume channel : channels) {
            requireGrey(channel);
            if (!channel.geometry().sameGrid(geometry, 1e-6)) {
                throw new IllegalArgumentException("label channels must share one grid");
            }
        }
        short datatype = labelDatatype(channels);
        int n = geometry.voxelCount();
        int bytes = datatype == UINT8 ? 1 : 2;
        write(file, geometry, channels.size(), 1, datatype, (short) 0, channels.size() * n * bytes, buffer -> {
            for (Volume channel : channels) {
                for (float v : channel.data()) {
                    if (datatype == UINT8) {
                        buffer.put((byte) v);
                    } else {
                        buffer.putShort((short) v);
                    }
                }
            }
        });
    }

    /**
     * Writes a displacement field as a NIfTI vector image: float32, dim = [5, nx, ny, nz, 1, 3], intent
     * NIFTI_INTENT_DISPVECT (1006). The x, y components are negated so that the vectors are in the file's RAS
     * world, as ITK and nibabel-based tools expect; the components are stored one after the other (x block, y
     * block, z block), as the 5th dimension demands. The direction is unchanged: the vector at fixed point p points
     * to the moving point p + u(p), as in ITK's displacement field transforms.
     */
    public static void writeField(Path file, VectorImage field) throws IOException {
        float[] lps = field.vectors();
        int n = field.grid().voxelCount();
        write(file, field.grid(), 1, 3, FLOAT32, INTENT_DISPLACEMENT_VECTOR, 3 * n * 4, buffer -> {
            for (int c = 0; c < 3; c++) {
                float sign = c < 2 ? -1f : 1f;
                for (int v = 0; v < n; v++) {
                    buffer.putFloat(sign * lps[3 * v + c]);
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------------- reading

    /** A decoded file: the spatial grid and every value, 4th and higher dimensions following the 3 spatial ones. */
    private record NiftiImage(Geometry geometry, int[] dims, float[] values, int components) {
        int dim(int d) {
            return dims[d];
        }

        int volumeCount() {
            return dims[4] * dims[5] * dims[6] * dims[7];
        }
    }

    private static NiftiImage load(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] headerBytes = in.readNBytes(HEADER_SIZE);
            if (headerBytes.length < HEADER_SIZE) {
                throw new ImageFormatException(file, "truncated: a NIfTI-1 header needs " + HEADER_SIZE
                        + " bytes, found " + headerBytes.length);
            }
            ByteBuffer header = ByteBuffer.wrap(headerBytes).order(byteOrder(file, headerBytes));
            String magic = new String(headerBytes, 344, 3, StandardCharsets.US_ASCII);
            if (!magic.equals("n+1")) {
                throw new ImageFormatException(file, "not a single-file NIfTI-1 image (magic '" + magic + "')");
            }
            int[] dims = dims(file, header);
            short datatype = header.getShort(70);
            int bytesPerValue = bytesPerValue(file, datatype);
            long voxels = 1;
            for (int d = 1; d < 8; d++) {
                voxels *= dims[d];
            }
            long byteCount = voxels * bytesPerValue;
            if (byteCount > Integer.MAX_VALUE - 16) {
                throw new ImageFormatException(file, "image too large: " + byteCount + " bytes");
            }
            requireMemoryFor(file, byteCount, voxels * Float.BYTES * (datatype == RGB24 ? 3 : 1));
            long voxOffset = (long) header.getFloat(108);
            in.skipNBytes(Math.max(0, voxOffset - HEADER_SIZE));
            byte[] data = in.readNBytes((int) byteCount);
            if (data.length < byteCount) {
                throw new ImageFormatException(file, "truncated: expected " + byteCount
                        + " bytes of voxel data, found " + data.length);
            }
            float[] values = decode(ByteBuffer.wrap(data).order(header.order()), datatype, (int) voxels);
            if (datatype != RGB24) {
                rescale(values, header.getFloat(112), header.getFloat(116));
            }
            return new NiftiImage(geometry(file, header, dims), dims, values, datatype == RGB24 ? 3 : 1);
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageFormatException(file, "corrupt or truncated NIfTI file (" + e + ")", e);
        }
    }

    /**
     * A header can claim far more voxels than the file holds (a small .nii.gz of zeros declares gigabytes): the
     * stored bytes and the decoded floats must fit in what this JVM may still allocate, checked before either is.
     */
    private static void requireMemoryFor(Path file, long storedBytes, long decodedBytes) throws ImageFormatException {
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (storedBytes + decodedBytes > available) {
            throw new ImageFormatException(file, String.format(Locale.ROOT,
                    "image too large for this JVM: reading it needs %d MB, %d MB are available (raise -Xmx)",
                    (storedBytes + decodedBytes) >> 20, available >> 20));
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return isGzip(file) ? new GZIPInputStream(in, 1 << 16) : new BufferedInputStream(in, 1 << 16);
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase().endsWith(".gz");
    }

    /** The header's first field is its size, 348; reading it in the wrong byte order gives something else. */
    private static ByteOrder byteOrder(Path file, byte[] header) throws ImageFormatException {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            if (ByteBuffer.wrap(header).order(order).getInt(0) == HEADER_SIZE) {
                return order;
            }
        }
        throw new ImageFormatException(file, "not a NIfTI-1 file (header size field is not 348)");
    }

    /** dim[1..7], unused ones set to 1. */
    private static int[] dims(Path file, ByteBuffer header) throws ImageFormatException {
        int rank = header.getShort(40);
        if (rank < 1 || rank > 7) {
            throw new ImageFormatException(file, "invalid NIfTI dimension count " + rank);
        }
        int[] dims = {rank, 1, 1, 1, 1, 1, 1, 1};
        for (int d = 1; d <= rank; d++) {
            dims[d] = header.getShort(40 + 2 * d);
            if (dims[d] < 1) {
                throw new ImageFormatException(file, "empty image: dimension " + d + " has size " + dims[d]);
            }
        }
        return dims;
    }

    private static int bytesPerValue(Path file, short datatype) throws ImageFormatException {
        return switch (datatype) {
            case UINT8, INT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, FLOAT32 -> 4;
            case FLOAT64 -> 8;
            case RGB24 -> 3;
            default -> throw new ImageFormatException(file, "unsupported NIfTI datatype " + datatype
                    + " (supported: uint8, int8, int16, uint16, int32, float32, float64, RGB24)");
        };
    }

    private static float[] decode(ByteBuffer b, short datatype, int voxels) {
        float[] v = new float[datatype == RGB24 ? 3 * voxels : voxels];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (datatype) {
                case UINT8, RGB24 -> b.get(i) & 0xff;
                case INT8 -> b.get(i);
                case INT16 -> b.getShort(2 * i);
                case UINT16 -> b.getShort(2 * i) & 0xffff;
                case INT32 -> b.getInt(4 * i);
                case FLOAT32 -> b.getFloat(4 * i);
                default -> (float) b.getDouble(8 * i);
            };
        }
        return v;
    }

    /** scl_slope 0 (or NaN) means "no scaling". */
    private static void rescale(float[] values, float slope, float inter) {
        float offset = Float.isFinite(inter) ? inter : 0;
        if (slope == 0 || !Float.isFinite(slope) || (slope == 1 && offset == 0)) {
            return;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = values[i] * slope + offset;
        }
    }

    private static Geometry geometry(Path file, ByteBuffer h, int[] dims) throws ImageFormatException {
        double[] rasDirection;
        double[] rasOrigin;
        double[] spacing = new double[3];
        if (h.getShort(254) > 0) {
            requireFinite(file, h, "srow_x/srow_y/srow_z", 280, 12);
            rasDirection = new double[9];
            for (int c = 0; c < 3; c++) {
                double norm = 0;
                for (int r = 0; r < 3; r++) {
                    norm += Math.pow(h.getFloat(280 + 16 * r + 4 * c), 2);
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    throw new ImageFormatException(file, "sform has a zero column " + c);
                }
                for (int r = 0; r < 3; r++) {
                    rasDirection[3 * r + c] = h.getFloat(280 + 16 * r + 4 * c) / norm;
                }
                spacing[c] = norm;
            }
            rasOrigin = new double[] {h.getFloat(292), h.getFloat(308), h.getFloat(324)};
        } else if (h.getShort(252) > 0) {
            requireFinite(file, h, "quatern_b/c/d and qoffset_x/y/z", 256, 6);
            double qfac = h.getFloat(76) < 0 ? -1 : 1;
            rasDirection = quaternionToMatrix(h.getFloat(256), h.getFloat(260), h.getFloat(264), qfac);
            rasOrigin = new double[] {h.getFloat(268), h.getFloat(272), h.getFloat(276)};
        } else {
            rasDirection = new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
            rasOrigin = new double[3];
        }
        for (int c = 0; c < 3; c++) {
            double pixdim = Math.abs(h.getFloat(80 + 4 * c));
            if (pixdim > 0 && Double.isFinite(pixdim)) {
                spacing[c] = pixdim; // pixdim wins over the sform's column length, as in ITK
            } else if (dims[c + 1] > 1) {
                throw new ImageFormatException(file, "pixdim[" + (c + 1) + "] is " + h.getFloat(80 + 4 * c)
                        + ": the voxel spacing along axis " + (c + 1) + " must be a positive number of mm");
            } else {
                spacing[c] = 1; // a single-voxel axis (the third of a 2D image) has no spacing to speak of
            }
        }
        return new Geometry(dims[1], dims[2], dims[3], spacing, rasToLps(rasOrigin), rasToLpsRows(rasDirection));
    }

    /** Fails, naming the fields, where one of {@code count} floats from {@code offset} is NaN or infinite. */
    private static void requireFinite(Path file, ByteBuffer h, String fields, int offset, int count)
            throws ImageFormatException {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(h.getFloat(offset + 4 * i))) {
                throw new ImageFormatException(file, "the header's " + fields + " hold " + h.getFloat(offset + 4 * i)
                        + ": the image has no usable orientation");
            }
        }
    }

    /** Rotation matrix (row-major 3x3) of NIfTI's qform quaternion; qfac flips the third column. */
    static double[] quaternionToMatrix(double b, double c, double d, double qfac) {
        double aa = 1 - (b * b + c * c + d * d);
        double a;
        if (aa < 1e-7) { // 180° rotation: renormalise b, c, d
            double norm = Math.sqrt(b * b + c * c + d * d);
            b /= norm;
            c /= norm;
            d /= norm;
            a = 0;
        } else {
            a = Math.sqrt(aa);
        }
        return new double[] {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), qfac * 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, qfac * 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), qfac * (a * a + d * d - c * c - b * b)
        };
    }

    /** Quaternion (b, c, d) and qfac of a rotation or rotation-with-reflection, as in nifti_mat44_to_quatern. */
    static double[] matrixToQuaternion(double[] m) {
        double[] r = m.clone();
        double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6])
                + r[2] * (r[3] * r[7] - r[4] * r[6]);
        double qfac = det < 0 ? -1 : 1;
        r[2] *= qfac;
        r[5] *= qfac;
        r[8] *= qfac;
        double a = r[0] + r[4] + r[8] + 1, b, c, d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r[7] - r[5]) / a;
            c = 0.25 * (r[2] - r[6]) / a;
            d = 0.25 * (r[3] - r[1]) / a;
        } else {
            double xd = 1 + r[0] - (r[4] + r[8]), yd = 1 + r[4] - (r[0] + r[8]);
            if (xd > 1) {
                b = 0.5 * Math.sqrt(xd);
                c = 0.25 * (r[1] + r[3]) / b;
                d = 0.25 * (r[2] + r[6]) / b;
                a = 0.25 * (r[7] - r[5]) / b;
            } else if (yd > 1) {
                c = 0.5 * Math.sqrt(yd);
                b = 0.25 * (r[1] + r[3]) / c;
                d = 0.25 * (r[5] + r[7]) / c;
                a = 0.25 * (r[2] - r[6]) / c;
            } else {
                d = 0.5 * Math.sqrt(1 + r[8] - (r[0] + r[4]));
                b = 0.25 * (r[2] + r[6]) / d;
                c = 0.25 * (r[5] + r[7]) / d;
                a = 0.25 * (r[3] - r[1]) / d;
            }
            if (a < 0) {
                b = -b;
                c = -c;
                d = -d;
            }
        }
        return new double[] {b, c, d, qfac};
    }

    /** RAS <-> LPS for a point or a vector (the conversion is its own inverse). */
    private static double[] rasToLps(double[] p) {
        return new double[] {-p[0], -p[1], p[2]};
    }

    /** RAS <-> LPS for a row-major 3x3 direction matrix: negate its first two rows. */
    private static double[] rasToLpsRows(double[] m) {
        double[] out = m.clone();
        for (int c = 0; c < 3; c++) {
            out[c] = -m[c];
            out[3 + c] = -m[3 + c];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- writing

    private interface DataWriter {
        void put(ByteBuffer buffer);
    }

    private static void write(Path file, Geometry g, int channels, int vectorComponents, short datatype,
            short intent, int dataBytes, DataWriter data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(DATA_OFFSET + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        putHeader(buffer, g, channels, vectorComponents, datatype, intent);
        buffer.position(DATA_OFFSET);
        data.put(buffer.slice().order(ByteOrder.LITTLE_ENDIAN));
        AtomicFiles.write(file, out -> {
            if (isGzip(file)) {
                GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
                gzip.write(buffer.array());
                gzip.finish();
            } else {
                out.write(buffer.array());
            }
        });
    }

    private static void putHeader(ByteBuffer h, Geometry g, int channels, int vectorComponents, short datatype,
            short intent) {
        if (Math.max(g.nx, Math.max(g.ny, g.nz)) > Short.MAX_VALUE) {
            throw new IllegalArgumentException("NIfTI-1 dimensions are limited to " + Short.MAX_VALUE + ": " + g);
        }
        int rank = vectorComponents > 1 ? 5 : channels > 1 ? 4 : g.is2D() ? 2 : 3;
        short[] dims = {(short) rank, (short) g.nx, (short) g.ny, (short) g.nz, (short) channels,
            (short) vectorComponents, 1, 1};
        h.putInt(0, HEADER_SIZE);
        for (int d = 0; d < 8; d++) {
            h.putShort(40 + 2 * d, dims[d]);
        }
        h.putShort(68, intent);
        h.putShort(70, datatype);
        h.putShort(72, (short) (8 * switch (datatype) {
            case UINT8 -> 1;
            case INT16 -> 2;
            default -> 4;
        }));
        double[] rasDirection = rasToLpsRows(g.direction());
        double[] rasOrigin = rasToLps(g.origin());
        double[] quaternion = matrixToQuaternion(rasDirection);
        h.putFloat(76, (float) quaternion[3]);
        for (int c = 0; c < 3; c++) {
            h.putFloat(80 + 4 * c, (float) g.spacing(c));
        }
        h.putFloat(92, 1);
        h.putFloat(96, 1);
        h.putFloat(108, DATA_OFFSET);
        h.putFloat(112, 1); // scl_slope
        h.put(123, UNITS_MM);
        h.putShort(252, XFORM_SCANNER_ANAT);
        h.putShort(254, XFORM_SCANNER_ANAT);
        for (int i = 0; i < 3; i++) {
            h.putFloat(256 + 4 * i, (float) quaternion[i]);
            h.putFloat(268 + 4 * i, (float) rasOrigin[i]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                h.putFloat(280 + 16 * r + 4 * c, (float) (rasDirection[3 * r + c] * g.spacing(c)));
            }
            h.putFloat(280 + 16 * r + 12, (float) rasOrigin[r]);
        }
        if (intent == INTENT_DISPLACEMENT_VECTOR) {
            h.put(328, "displacement".getBytes(StandardCharsets.US_ASCII));
        }
        h.put(344, "n+1\0".getBytes(StandardCharsets.US_ASCII));
    }

    private static short labelDatatype(List<Volume> channels) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (Volume channel : channels) {
            for (float v : channel.data()) {
                if (v != Math.rint(v)) {
                    throw new IllegalArgumentException("label values must be integers, found " + v);
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min >= 0 && max <= 255) {
            return UINT8;
        }
        if (min >= Short.MIN_VALUE && max <= Short.MAX_VALUE) {
            return INT16;
        }
        throw new IllegalArgumentException("label values " + min + ".." + max + " do not fit in int16");
    }

    private static void requireGrey(Volume volume) {
        if (volume.components() != 1) {
            throw new IllegalArgumentException("only single-component images can be written as NIfTI scalars");
        }
    }
}
