package org.samreg.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.field.FieldJacobian;
import org.samreg.field.InitialAlignment;
import org.samreg.pipeline.RegistrationResult;

class BenchmarkManifestTest {
    @TempDir
    Path dir;

    @Test
    void pairsResolveAgainstTheManifestFolderAndGroupByDataset() throws IOException {
        Path manifest = dir.resolve("pairs.json");
        Files.writeString(manifest, """
                {"pairs": [
                  {"id": "acdc-067-ed-es", "dims": 3, "fixed": "a/f.nii.gz", "moving": "a/m.nii.gz",
                   "fixedLabels": "a/fl.nii.gz", "movingLabels": "a/ml.nii.gz", "labelEncoding": "values"},
                  {"id": "prostate-mr-us-case000012", "modality": "MR->US", "fixed": "f", "moving": "m",
                   "fixedLabels": "fl", "movingLabels": "ml", "labelEncoding": "channels"},
                  {"id": "cardiac-2d", "modality": "MR", "kind": "intra-subject 2D slice pair", "fixed": "f",
                   "moving": "m", "fixedLabels": "fl", "movingLabels": "ml"},
                  {"id": "prostate-2d", "kind": "inter-subject 2D slice pair", "fixed": "f", "moving": "m",
                   "fixedLabels": "fl", "movingLabels": "ml"},
                  {"id": "retina-A01", "modality": "fundus photograph (RGB)", "fixed": "f.jpg", "moving": "m.jpg", "landmarks": "lm.txt"}
                ]}""");
        List<BenchmarkPair> pairs = BenchmarkPair.readManifest(manifest);
        assertEquals(List.of("acdc", "prostate-mr-us", "cardiac-2d", "prostate-2d", "retina"),
                pairs.stream().map(BenchmarkPair::group).toList());
        assertEquals(dir.resolve("a/f.nii.gz"), pairs.get(0).fixed());
        assertEquals("channels", pairs.get(1).labelEncoding());
        assertEquals("values", pairs.get(2).labelEncoding(), "values is the default encoding");
        assertTrue(pairs.get(4).landmarks().endsWith("lm.txt"));
        assertNull(pairs.get(4).fixedLabels());
        assertEquals(List.of(InitialAlignment.HEADER, InitialAlignment.CENTRES, InitialAlignment.HEADER,
                InitialAlignment.CENTRES, InitialAlignment.HEADER),
                pairs.stream().map(BenchmarkPair::alignment).toList(),
                "two modalities or two patients: coordinates unrelated, centres aligned");
        assertEquals(List.of(false, false, false, false, true),
                pairs.stream().map(BenchmarkPair::fundusPhotograph).toList(), "fundus photographs get local contrast");
        assertEquals(List.of(false, false, false, true, false),
                pairs.stream().map(BenchmarkPair::interSubjectOneModality).toList(), "two patients: affine stage");
        assertEquals(List.of(false, true, false, false, false),
                pairs.stream().map(BenchmarkPair::twoModalities).toList(), "two modalities: stronger regulariser");
    }

    @Test
    void pairWithoutImagesIsRefusedWithTheKeyNamed() throws IOException {
        Path manifest = dir.resolve("pairs.json");
        Files.writeString(manifest, "{\"pairs\": [{\"id\": \"x\", \"fixed\": \"f\"}]}");
        IOException e = assertThrows(IOException.class, () -> BenchmarkPair.readManifest(manifest));
        assertTrue(e.getMessage().contains("'moving'"), e.getMessage());
    }

    @Test
    void groupMeansSkipUndefinedValues() {
        PairScore.Run run = new PairScore.Run(10, 12, 1, new RegistrationResult.Timings(1, 2, 0, 1, 0),
                new FieldJacobian(1, 0), Double.NaN, null);
        PairScore landmarks = new PairScore("retina-A01", "retina", "landmarks", new PairScore.Score(Double.NaN, 60),
                PairScore.Score.NOT_RUN, new PairScore.Score(Double.NaN, 50), PairScore.Score.NOT_RUN, run);
        PairScore label = new PairScore("retina-A01", "retina", "1", new PairScore.Score(0.5, 4),
                PairScore.Score.NOT_RUN, new PairScore.Score(0.7, 2), PairScore.Score.NOT_RUN, run);
        assertEquals(0.7, BenchmarkTable.mean(List.of(landmarks, label), s -> s.registered().dice()), 1e-12);
        assertEquals(26, BenchmarkTable.mean(List.of(landmarks, label), s -> s.registered().treMm()), 1e-12);
        assertTrue(Double.isNaN(BenchmarkTable.mean(List.of(landmarks, label), s -> s.elastix().dice())),
                "a baseline that did not run has no mean");
    }
}
