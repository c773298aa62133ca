package org.samreg.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds NIfTI-1 files byte by byte, independently of {@link NiftiIO}'s writer, to test its reader. */
final class HandBuiltNifti {
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    short[] dims = {3, 1, 1, 1, 1, 1, 1, 1};
    short datatype = 4;
    float[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
    float slope = 0, inter = 0;
    short qformCode = 0, sformCode = 0;
    float[] quaternion = new float[3];
    float[] qoffset = new float[3];
    float[] srow = new float[12];
    byte[] data = new byte[0];

    HandBuiltNifti size(int... size) {
        dims[0] = (short) size.length;
        for (int d = 0; d < size.length; d++) {
            dims[d + 1] = (short) size[d];
        }
        return this;
    }

    /** Voxel data of the given type; values are written in {@link #order}. */
    HandBuiltNifti values(short datatype, double... values) {
        this.datatype = datatype;
        int bytes = switch (datatype) {
            case 2, 256 -> 1;
            case 4, 512 -> 2;
            case 8, 16 -> 4;
            case 64 -> 8;
            default -> throw new IllegalArgumentException("datatype " + datatype);
        };
        ByteBuffer b = ByteBuffer.allocate(values.length * bytes).order(order);
        for (double v : values) {
            switch (datatype) {
                case 2, 256 -> b.put((byte) v);
                case 4, 512 -> b.putShort((short) v);
                case 8 -> b.putInt((int) v);
                case 16 -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        data = b.array();
        return this;
    }

    byte[] bytes() {
        ByteBuffer h = ByteBuffer.allocate(352 + data.length).order(order);
        h.putInt(0, 348);
        for (int d = 0; d < 8; d++) {
            h.putShort(40 + 2 * d, dims[d]);
        }
        h.putShort(70, datatype);
        for (int d = 0; d < 8; d++) {
            h.putFloat(76 + 4 * d, pixdim[d]);
        }
        h.putFloat(108, 352);
        h.putFloat(112, slope);
        h.putFloat(116, inter);
        h.putShort(252, qformCode);
        h.putShort(254, sformCode);
        for (int i = 0; i < 3; i++) {
            h.putFloat(256 + 4 * i, quaternion[i]);
            h.putFloat(268 + 4 * i, qoffset[i]);
        }
        for (int i = 0; i < 12; i++) {
            h.putFloat(280 + 4 * i, srow[i]);
        }
        h.put(344, "n+1\0".getBytes(StandardCharsets.US_ASCII));
        h.position(352);
        h.put(data);
        return h.array();
    }

    Path writeTo(Path file) throws IOException {
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes());
        }
        return file;
    }
}
