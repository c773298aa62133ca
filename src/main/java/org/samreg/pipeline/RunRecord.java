package org.samreg.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.samreg.SamRegVersion;
import org.samreg.field.InitialAlignment;
import org.samreg.sam.ModelManifest;
import org.samreg.sam.SamModel;
import org.samreg.sam.Weights;

/**
 * What made a result, written beside it as {@link #FILE} (as elastix writes its TransformParameters): the
 * software and its version, when, the initial alignment, the model (name, the sha256 of its files and its weights'
 * number format; none where the method runs no model) and every resolved setting.
 */
public record RunRecord(String software, String version, String created, InitialAlignment initialAlignment,
                        Model model, RegistrationSettings settings) {
    public static final String FILE = "samreg-parameters.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** The model a registration ran, as its manifest pins it, and the number format its weights ran in. */
    public record Model(String name, String encoderSha256, String decoderSha256, Weights weights) {
        static Model of(SamModel model) {
            ModelManifest m = model.manifest();
            return new Model(m.name(), m.encoderSha256(), m.decoderSha256(), model.weights());
        }
    }

    static RunRecord of(InitialAlignment alignment, SamModel model, RegistrationSettings settings) {
        return new RunRecord(SamRegVersion.NAME, SamRegVersion.VERSION,
                OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString(), alignment,
                settings.method().segments() && model != null ? Model.of(model) : null, settings);
    }

    public String json() {
        return GSON.toJson(this) + "\n";
    }

    public static RunRecord fromJson(String json) {
        return GSON.fromJson(json, RunRecord.class);
    }
}
