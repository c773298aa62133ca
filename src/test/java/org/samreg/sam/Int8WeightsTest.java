package org.samreg.sam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.samreg.image.Volume;

/**
 * The model with int8 weights (the CPU default) against the same model in float, on a real cardiac MR slice: the
 * embedding and each prompt's candidate masks stay what they were, to the rounding of the weights.
 */
class Int8WeightsTest extends RealModelTest {

    @Test
    void int8WeightsGiveTheFloatModelsEmbeddingAndMasks() throws Exception {
        assertEquals(Weights.INT8, model.weights(), "the CPU default");
        Volume image = TestResources.cardiacImage();
        SliceImage slice = IntensityWindow.of(image).slice(image, 0);
        try (SamModel floats = new SamModel(model.manifest(), false, 0, Weights.FLOAT)) {
            ImageEmbedding e8 = model.encode(slice), e32 = floats.encode(slice);
            double cosine = cosine(e8.features(), e32.features());
            assertTrue(cosine > 0.9999, "embedding cosine " + cosine);
            assertTrue(cosine < 1, "the int8 encoder really runs");
            double sum = 0;
            int n = 0;
            for (double[] xy : new double[][] {{100, 100}, {60, 140}, {140, 70}, {80, 60}, {150, 150}}) {
                List<MaskPrediction> c8 = model.decodeCandidates(e8, xy[0], xy[1], 0);
                List<MaskPrediction> c32 = floats.decodeCandidates(e32, xy[0], xy[1], 0);
                assertEquals(c32.size(), c8.size());
                for (int k = 0; k < c8.size(); k++, n++) {
                    double iou = iou(c8.get(k).pixels(0), c32.get(k).pixels(0));
                    // a mask's edge moves by a pixel here and there: a small mask loses a few percent of its IoU
                    assertTrue(iou > 0.85, "candidate " + k + " at " + xy[0] + ", " + xy[1] + ": mask IoU " + iou);
                    assertEquals(c32.get(k).predictedIou(), c8.get(k).predictedIou(), 0.02, "predicted IoU");
                    sum += iou;
                }
            }
            assertTrue(sum / n > 0.97, "mean mask IoU " + sum / n);
        }
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static double iou(int[] a, int[] b) {
        int shared = org.samreg.image.Mask.sharedCount(a, b);
        int union = a.length + b.length - shared;
        return union == 0 ? 1 : shared / (double) union;
    }
}
