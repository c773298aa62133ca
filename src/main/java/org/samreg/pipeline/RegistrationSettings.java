package org.samreg.pipeline;

import java.util.Objects;
import org.samreg.dense.DenseSettings;
import org.samreg.field.FieldSettings;
import org.samreg.match.MatchSettings;
import org.samreg.sam.EverythingSettings;
import org.samreg.sam.LocalContrast;

/**
 * Every knob of a SAMReg registration; {@link #defaults()} are the paper's values where it gives them.
 *
 * @param maxInPlaneSize images whose width or height exceeds this are registered on a copy box-averaged by an
 *                       integer factor (the field is smooth, so it loses nothing that the decoder's 256x256 masks
 *                       would have kept); outputs other than the ROI labels stay at full resolution
 * @param localContrast  0, or segment locally contrast-normalised slices ({@link LocalContrast}) with this
 *                       neighbourhood radius, as a fraction of the longest side: for fundus photographs
 * @param method         which stages run
 * @param dense          the dense stage's knobs (unused by {@link Method#ROI})
 * @param threads        the engine's own worker threads (0: one per core); nothing runs in the JVM's common pool,
 *                       which a viewer shares with everything else
 */
public record RegistrationSettings(EverythingSettings everything, MatchSettings match, FieldSettings field,
                                   int maxInPlaneSize, double localContrast, Method method, DenseSettings dense,
                                   int threads) {

    public RegistrationSettings {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per core) or more, got " + threads);
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
        this(everything, match, field, maxInPlaneSize, 0, Method.HYBRID, DenseSettings.defaults(), 0);
    }

    public static RegistrationSettings defaults() {
        return new RegistrationSettings(EverythingSettings.defaults(), MatchSettings.DEFAULT, FieldSettings.defaults(),
                1024);
    }

    public RegistrationSettings withLocalContrast(double radius) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, radius, method, dense, threads);
    }

    public RegistrationSettings withMethod(Method m, DenseSettings d) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, localContrast, m, d, threads);
    }

    public RegistrationSettings withThreads(int n) {
        return new RegistrationSettings(everything, match, field, maxInPlaneSize, localContrast, method, dense, n);
    }

    /** The number of worker threads the engine runs. */
    public int workerThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}
