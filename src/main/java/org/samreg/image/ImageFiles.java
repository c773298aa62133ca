package org.samreg.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads an image file of any supported kind, chosen by its extension, with messages that name the file. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** How a benchmark stores its labels. */
    public enum LabelEncoding {
        /** One image whose integer values are the label ids (0 = background; PNG masks use 255). */
        VALUES,
        /** A 4D NIfTI with one binary channel per label. */
        CHANNELS;

        public static LabelEncoding parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** Reads an image that must have content: an image whose voxels all have the same value is refused. */
    public static Volume read(Path file) throws IOException {
        Volume volume = readAny(file);
        float[] range = volume.range();
        if (range[0] == range[1]) {
            throw new ImageFormatException(file, "empty image: every voxel has the value " + range[0]);
        }
        return volume;
    }

    /**
     * Reads benchmark labels: for {@link LabelEncoding#VALUES} a single label volume, for
     * {@link LabelEncoding#CHANNELS} one binary (0/1) volume per channel.
     */
    public static List<Volume> readLabels(Path file, LabelEncoding encoding) throws IOException {
        if (encoding == LabelEncoding.VALUES) {
            Volume labels = readAny(file);
            if (labels.components() != 1) {
                throw new ImageFormatException(file, "label image must be grey, found colour");
            }
            return List.of(labels);
        }
        requireReadable(file);
        if (!isNifti(file)) {
            throw new ImageFormatException(file, "label channels need a 4D NIfTI file (.nii or .nii.gz)");
        }
        List<Volume> binary = new ArrayList<>();
        for (Volume channel : NiftiIO.readChannels(file)) {
            float[] d = channel.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] != 0 ? 1 : 0;
            }
            binary.add(Volume.grey(channel.geometry(), d));
        }
        return binary;
    }

    private static Volume readAny(Path file) throws IOException {
        requireReadable(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (isNifti(file)) {
            return NiftiIO.read(file);
        }
        if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg")) {
            return RasterIO.read(file);
        }
        throw new ImageFormatException(file, "unknown image file extension (supported: .nii, .nii.gz, .png, .jpg, "
                + ".jpeg)");
    }

    private static boolean isNifti(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    private static void requireReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new ImageFormatException(file, "file not found");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ImageFormatException(file, "not a readable file");
        }
        if (Files.size(file) == 0) {
            throw new ImageFormatException(file, "empty file (0 bytes)");
        }
    }
}
