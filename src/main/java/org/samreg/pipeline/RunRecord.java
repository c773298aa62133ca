package org.samreg.pipeline;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import org.samreg.SamRegVersion;
import org.samreg.field.InitialAlignment;
import org.samreg.sam.ModelManifest;

/**
 * What made a result, written beside it as {@link #FILE} (as elastix writes its TransformParameters): the
 * software and its version, when, the initial alignment, the model (name and the sha256 of its files; none where
 * the method runs no model) and every resolved setting.
 */
public record RunRecord(String software, String version, String created, InitialAlignment initialAlignment,
                        Model model, RegistrationSettings settings) {
    public static final String FILE = "samreg-parameters.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .create();

    /** The model a registration ran, as its manifest pins it. */
    public record Model(String name, String encoderSha256, String decoderSha256) {
        static Model of(ModelManifest m) {
            return new Model(m.name(), m.encoderSha256(), m.decoderSha256());
        }
    }

    static RunRecord of(InitialAlignment alignment, ModelManifest model, RegistrationSettings settings) {
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
