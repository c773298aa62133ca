package org.samreg.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.samreg.everything.PromptPlacement;
import org.samreg.match.MatchSettings;
import org.samreg.sam.ModelManifest;

/** One resolver: what is asked for, else the model's calibration, else the paper's value, in that order. */
class SettingsRequestTest {

    @Test
    void askedForBeatsCalibrationWhichBeatsThePaper() {
        ModelManifest manifest = ModelManifest.loadDefault(); // calibrates IoU and stability to 0.80, max area 15000
        RegistrationSettings calibrated = SettingsRequest.defaults().resolve(manifest);
        assertEquals(0.8, calibrated.everything().predIouThresh());
        assertEquals(15000, calibrated.everything().maxArea());
        assertEquals(0.9, SettingsRequest.defaults().resolve(null).everything().predIouThresh(), "the paper's");
        SettingsRequest d = SettingsRequest.defaults();
        RegistrationSettings asked = new SettingsRequest(32, PromptPlacement.GRID, 0.95, null, null, null, null, false, 0.7, false, null,
                null, null, null, Method.IMAGE, 0.3, null, null, null, null, 0, 2, null).resolve(manifest);
        assertEquals(0.95, asked.everything().predIouThresh());
        assertEquals(0.8, asked.everything().stabilityThresh(), "not asked for: calibrated");
        assertEquals(32, asked.everything().pointsPerSide());
        assertEquals(PromptPlacement.GRID, asked.everything().prompts());
        assertEquals(PromptPlacement.REGIONS, d.resolve(manifest).everything().prompts(), "the product's");
        assertEquals(0.7, asked.match().threshold());
        assertEquals(Method.IMAGE, asked.method());
        assertEquals(0.3, asked.dense().lambda());
        assertEquals(2, asked.threads());
        assertEquals(d.resolve(manifest).field(), asked.field(), "the field's defaults");
    }
}
