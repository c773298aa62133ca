package org.samreg.sam;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.samreg.image.Mask;
import org.samreg.image.Prerequisites;
import org.samreg.image.RasterIO;
import org.samreg.image.SharedData;
import org.samreg.image.Volume;

/** Real data and the model for tests; absent resources skip the test with a message (fail it under CI). */
public final class TestResources {
    private TestResources() {
    }

    /** The default manifest; its model files must have been fetched (see {@link Prerequisites}). */
    public static ModelManifest manifestWithModel() {
        ModelManifest manifest = ModelManifest.loadDefault();
        Prerequisites.require(manifest.filesPresent(), "SAM model files absent in " + manifest.modelDirectory());
        return manifest;
    }

    public static Path shared(String relative) {
        return SharedData.require(relative);
    }

    public static Volume cardiacImage() throws IOException {
        return RasterIO.read(shared("data/pairs/2d/cardiac_2d/image1.png"));
    }

    /** Pixels of the binary cardiac label (255 = structure), ascending. */
    public static int[] cardiacLabel() throws IOException {
        Volume label = RasterIO.read(shared("data/pairs/2d/cardiac_2d/label1.png"));
        return IntStream.range(0, label.geometry().sliceSize()).filter(p -> label.intensity(p) > 127).toArray();
    }

    public static double dice(int[] a, int[] b) {
        return 2.0 * Mask.sharedCount(a, b) / (a.length + b.length);
    }

    /** Mean (x, y) of pixel indices on a grid of the given width. */
    public static double[] centroid(int[] pixels, int width) {
        double sx = 0, sy = 0;
        for (int p : pixels) {
            sx += p % width;
            sy += p / width;
        }
        return new double[] {sx / pixels.length, sy / pixels.length};
    }
}
