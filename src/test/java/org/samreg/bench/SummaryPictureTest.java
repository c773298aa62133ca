package org.samreg.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.samreg.field.FieldJacobian;
import org.samreg.pipeline.RegistrationResult;

class SummaryPictureTest {
    private static final PairScore.Run RUN = new PairScore.Run(10, 12, 1, new RegistrationResult.Timings(1, 2, 0, 1, 0),
            new FieldJacobian(1, 0), Double.NaN, null);

    @Test
    void barsAreProportionalToTheGroupMeansAndMissingRunsHaveNoBar() {
        // group "a": ours 0.8 and 0.6 over two rows (mean 0.7), elastix 0.35; group "b": elastix not run
        List<PairScore> rows = List.of(
                score("a", 0.2, 0.8, new PairScore.Score(0.35, 3.5)),
                score("a", 0.2, 0.6, new PairScore.Score(0.35, 3.5)),
                score("b", 0.3, 0.9, PairScore.Score.NOT_RUN));
        BufferedImage image = SummaryPicture.render(rows);
        int[] a = colourCounts(image, 0, image.getHeight() / 2), b = colourCounts(image, image.getHeight() / 2,
                image.getHeight());
        // ours (colour 2) against elastix (colour 3) in group a: 0.7 / 0.35, both Dice and TRE panels
        assertEquals(0.7 / 0.35, (double) a[2] / a[3], 0.05);
        assertEquals(0, b[3], "group b has no elastix bar");
        assertEquals(0.9 / 0.3, (double) b[2] / b[0], 0.15, "group b: ours 0.9 against none 0.3 in the Dice panel");
    }

    @Test
    void aLandmarkPairHasTreBarsOnly() {
        PairScore landmarks = new PairScore("retina-pair", "retina", "landmarks", new PairScore.Score(Double.NaN, 60),
                new PairScore.Score(Double.NaN, 60), new PairScore.Score(Double.NaN, 15),
                new PairScore.Score(Double.NaN, 64), RUN);
        BufferedImage image = SummaryPicture.render(List.of(landmarks));
        BufferedImage dicePanel = image.getSubimage(0, 60, image.getWidth() / 2, image.getHeight() - 60);
        BufferedImage trePanel = image.getSubimage(image.getWidth() / 2, 60, image.getWidth() / 2,
                image.getHeight() - 60);
        assertEquals(0, colourCounts(dicePanel, 0, dicePanel.getHeight())[2], "no Dice bar");
        int[] tre = colourCounts(trePanel, 0, trePanel.getHeight());
        assertEquals(15.0 / 64, (double) tre[2] / tre[3], 0.02, "TRE bars: ours 15 against elastix 64");
    }

    @Test
    void treAxisEndsAtARoundNumber() {
        assertEquals(20, SummaryPicture.niceMaximum(new double[] {12.3, Double.NaN, 4}), 1e-12);
        assertEquals(0.5, SummaryPicture.niceMaximum(new double[] {0.31}), 1e-12);
        assertEquals(1, SummaryPicture.niceMaximum(new double[] {Double.NaN}), 1e-12);
    }

    private static PairScore score(String group, double none, double ours, PairScore.Score elastix) {
        // TRE equal to Dice times 10 for none and ours, so that both panels keep the same ratio
        return new PairScore(group + "-pair", group, "1", new PairScore.Score(none, 10 * none),
                new PairScore.Score(none, 10 * none), new PairScore.Score(ours, 10 * ours), elastix, RUN);
    }

    /** Pixels of each registration's colour in the rows y0..y1. */
    private static int[] colourCounts(BufferedImage image, int y0, int y1) {
        int[] counts = new int[SummaryPicture.COLOURS.length];
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                for (int c = 0; c < counts.length; c++) {
                    if ((image.getRGB(x, y) & 0xffffff) == (SummaryPicture.COLOURS[c].getRGB() & 0xffffff)) {
                        counts[c]++;
                    }
                }
            }
        }
        return counts;
    }
}
