package org.samreg.pipeline;

import java.util.Objects;
import java.util.stream.IntStream;
import org.samreg.dense.DenseSettings;
import org.samreg.everything.EverythingSettings;
import org.samreg.everything.LocalContrast;
import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;

/**
 * Every knob of a SAMReg registration; {@link #defaults()} are the paper's values where it gives them.
 *
 * @param maxInPlaneSize images whose width or height exceeds this are registered on a copy box-averaged by an
 *                       integer factor (the field is smooth, so it loses nothing that the decoder's 256x256 masks
 *                       would have kept); outputs other than the ROI labels stay at full resolution
 * @param maxSegmentedSlices 3D: segment at most this many slices of a volume, every n-th, evenly spread (0: every
 *                       slice). Everything mode costs a few seconds a slice, so this bounds the ROI stage's time
 *                       whatever the slice count; the dense stage registers every voxel all the same, the ROI pairs
 *                       only guide it (and make the SEG pair), and neighbouring thin slices give the same ROIs again
 * @param localContrast  0, or segment locally contrast-normalised slices ({@link LocalContrast}) with this
 *                       neighbourhood radius, as a fraction of the longest side: for fundus photographs
 * @param method         which stages run
 * @param dense          the dense stage's knobs (unused by {@link Method#ROI})
 * @param threads        the engine's own worker threads (0: one per core); nothing runs in the JVM's common pool,
 *                       which a viewer shares with everything else
 */
public record RegistrationSettings(EverythingSettings everything, MatchSettings match, FieldSettings field,
                                   int maxInPlaneSize, int maxSegmentedSlices, double localContrast,
                                   Method method, DenseSettings dense, int threads) {

    public RegistrationSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per core) or more, got " + threads);
        }
        if (maxSegmentedSlices < 0) {
            throw new IllegalArgumentException("the most slices to segment must be 0 (every slice) or more, got "
                    + maxSegmentedSlices);
        }
        if (localContrast != 0) {
            LocalContrast.checkedRadius(localContrast);
        }
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(dense, "dense settings");
    }

    /** The default method and dense stage, slices segmented as they are windowed, without local contrast. */
    public RegistrationSettings(EverythingSettings everything, MatchSettings match, FieldSettings field,
            int maxInPlaneSize) {
        this(everything, match, field, maxInPlaneSize, DEFAULT_MAX_SEGMENTED_SLICES, 0, Method.HYBRID,
                DenseSettings.defaults(), 0);
    }

    /**
     * See {@link #maxSegmentedSlices()}: acdc (10 slices) is segmented whole; the 35-slice decubitus DICOM pair every
     * 3rd slice (103.5 s end to end instead of 251 s); the 1 mm brain of {@code demo --volume} (154 slices) every
     * 10th (217 s instead of an estimated 16 min; mean error 1.26 mm, as with the dense stage alone).
     */
    public static final int DEFAULT_MAX_SEGMENTED_SLICES = 16;

    public static RegistrationSettings defaults() {
        return new RegistrationSettings(EverythingSettings.defaults(), MatchSettings.DEFAULT, FieldSettings.defaults(),
                1024);
    }

    public RegistrationSettings withLocalContrast(double radius) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, maxSegmentedSlices, radius,
                method, dense, threads);
    }

    public RegistrationSettings withMethod(Method m, DenseSettings d) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, maxSegmentedSlices, localContrast,
                m, d, threads);
    }

    public RegistrationSettings withThreads(int n) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, maxSegmentedSlices, localContrast,
                method, dense, n);
    }

    /** The slices of a volume of {@code slices} slices that are segmented, in order. */
    public int[] segmentedSlices(int slices) {
        int n = maxSegmentedSlices == 0 ? 1 : (slices + maxSegmentedSlices - 1) / maxSegmentedSlices;
        int first = (slices - 1) % n / 2; // the unsegmented ends shared evenly
        return IntStream.iterate(first, k -> k < slices, k -> k + n).toArray();
    }

    /** The number of worker threads the engine runs. */
    public int workerThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
