package org.samreg.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.demo.DemoPair;
import org.samreg.field.InitialAlignment;
import org.samreg.image.Geometry;
import org.samreg.image.Interpolation;
import org.samreg.image.Prerequisites;
import org.samreg.image.Volume;

/** elastix on a real MR slice and a copy moved by a known translation: its field is read back in our convention. */
class ElastixBaselineTest {
    @TempDir
    Path dir;

    @Test
    void fieldOfAKnownTranslationIsReadInPatientSpace() throws IOException {
        Prerequisites.require(ElastixBaseline.available() && Files.exists(DemoPair.TEMPLATES.resolve("ch2.nii.gz")),
                "elastix or Debian package mricron-data is not installed");
        Volume fixed = DemoPair.load().fixed();
        Geometry g = fixed.geometry();
        // moving(p + t) = fixed(p) for t = 3 voxels along the first axis and -2 along the second
        float[] moved = new float[g.voxelCount()];
        for (int j = 0; j < g.ny; j++) {
            for (int i = 0; i < g.nx; i++) {
                moved[g.index(i, j, 0)] = Interpolation.linear(fixed.data(), g.nx, g.ny, 1, i - 3, j + 2, 0, 0f);
            }
        }
        ElastixBaseline.Run run = new ElastixBaseline().register(fixed, Volume.grey(g, moved), InitialAlignment.HEADER,
                dir);
        double[] centre = g.toPatient(g.nx / 2.0, g.ny / 2.0, 0);
        double[] mapped = run.field().mapPoint(centre);
        double[] expected = g.toPatient(g.nx / 2.0 + 3, g.ny / 2.0 - 2, 0);
        for (int c = 0; c < 3; c++) {
            assertEquals(expected[c], mapped[c], 0.5, "axis " + c + " (mm, LPS)");
        }
        assertTrue(Files.exists(dir.resolve(ElastixBaseline.AFFINE)), "the parameter files sit beside the result");
        assertTrue(run.seconds() > 0);
    }
}
