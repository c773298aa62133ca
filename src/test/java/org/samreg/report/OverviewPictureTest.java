package org.samreg.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.samreg.demo.DemoPair;
import org.samreg.field.Warper;
import org.samreg.image.Geometry;
import org.samreg.image.ImageFiles;
import org.samreg.image.NiftiIO;
import org.samreg.image.Prerequisites;
import org.samreg.image.SharedData;
import org.samreg.image.Volume;

/** Renders real pairs into target/overview/ (look at them) and checks what can be checked by machine. */
class OverviewPictureTest {
    private static final Path OUT = Path.of("target", "overview");

    @Test
    void acdcPairShowsTheSameColourForAPairInBothPanels() throws IOException {
        Path folder = SharedData.require("data/pairs/acdc/patient067");
        Volume fixed = NiftiIO.read(folder.resolve("patient067_frame01.nii.gz"));
        Volume moving = NiftiIO.read(folder.resolve("patient067_frame10.nii.gz"));
        Volume fixedPairs = NiftiIO.read(folder.resolve("patient067_frame01_gt.nii.gz"));
        Volume movingPairs = NiftiIO.read(folder.resolve("patient067_frame10_gt.nii.gz"));

        int[] rows = OverviewPicture.slicesWithMostPairs(fixedPairs);
        assertTrue(rows.length >= 2 && rows.length <= 3, "rows " + rows.length);
        for (int k : rows) {
            assertEquals(3, countIds(fixedPairs, k), "slice " + k + " shows all three cardiac structures");
        }

        Path png = OUT.resolve("acdc-patient067.png");
        OverviewPicture.write(png, fixed, moving, moving, fixedPairs, movingPairs);
        BufferedImage picture = ImageIO.read(png.toFile());
        assertEquals(rows.length, (picture.getHeight() - 6) / (300 + 22 + 6));
        for (int id = 1; id <= 3; id++) {
            int colour = OverviewPicture.pairColour(id).getRGB();
            assertTrue(countColour(picture, 4, colour) > 50, "pair " + id + " outlined in the fixed ROI panel");
            assertTrue(countColour(picture, 5, colour) > 50, "pair " + id + " outlined in the moving ROI panel");
        }
    }

    @Test
    void prostatePairOnDifferentGridsAndPngPairRender() throws IOException {
        Path fixedFile = SharedData.require("data/pairs/prostate-mr-us/fixed_images/case000000.nii.gz");
        Path root = fixedFile.getParent().getParent();
        Volume fixed = NiftiIO.read(fixedFile);
        Volume moving = NiftiIO.read(root.resolve("moving_images/case000000.nii.gz"));
        Volume fixedPairs = channelIds(NiftiIO.readChannels(root.resolve("fixed_labels/case000000.nii.gz")));
        Volume movingPairs = channelIds(NiftiIO.readChannels(root.resolve("moving_labels/case000000.nii.gz")));
        Volume warped = Volume.grey(fixed.geometry(), new float[fixed.geometry().voxelCount()]);
        OverviewPicture.write(OUT.resolve("prostate-case000000.png"), fixed, moving, warped, fixedPairs, movingPairs);

        Path png = SharedData.require("data/pairs/2d/cardiac_2d/image1.png");
        Volume fixed2d = ImageFiles.read(png);
        Volume moving2d = ImageFiles.read(png.resolveSibling("image2.png"));
        OverviewPicture.write(OUT.resolve("cardiac-2d.png"), fixed2d, moving2d, fixed2d,
                ImageFiles.read(png.resolveSibling("label1.png")), ImageFiles.read(png.resolveSibling("label2.png")));
        BufferedImage picture = ImageIO.read(OUT.resolve("cardiac-2d.png").toFile());
        int ventricle = OverviewPicture.pairColour(255).getRGB(); // the left ventricle's label value
        assertTrue(countColour(picture, 4, ventricle) > 50, "the left ventricle outlined in the fixed ROI panel");
        assertTrue(countColour(picture, 5, ventricle) > 50, "the left ventricle outlined in the moving ROI panel");
        assertEquals(0, countColour(picture, 0, ventricle), "the fixed image panel shows no outline");
    }

    /** One label volume from binary channels: channel c becomes pair id c + 1. */
    private static Volume channelIds(List<Volume> channels) {
        float[] ids = new float[channels.get(0).geometry().voxelCount()];
        for (int c = 0; c < channels.size(); c++) {
            float[] d = channels.get(c).data();
            for (int i = 0; i < ids.length; i++) {
                if (d[i] != 0) {
                    ids[i] = c + 1;
                }
            }
        }
        return Volume.grey(channels.get(0).geometry(), ids);
    }

    @Test
    void demoPairRendersWithItsTruthWarp() throws IOException {
        Prerequisites.require(Files.exists(DemoPair.TEMPLATES.resolve("ch2.nii.gz")), "mricron-data not installed");
        DemoPair demo = DemoPair.load();
        Volume warped = Warper.warp(demo.moving(), demo.truth());
        BufferedImage picture = OverviewPicture.render(demo.fixed(), demo.moving(), warped, demo.fixedLabels(),
                demo.movingLabels());
        assertEquals(6 * 306 + 6, picture.getWidth());
        assertEquals(300 + 22 + 12, picture.getHeight(), "a 2D pair has one row");
        ImageIO.write(picture, "png", Files.createDirectories(OUT).resolve("demo-colin27.png").toFile());
    }

    @Test
    void percentileWindowIgnoresAFewOutliers() {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 100;
        }
        v[999] = 1e6f; // instead of one 99
        float[] window = OverviewPicture.window(Volume.grey(Geometry.axisAligned(1000, 1, 1, 1, 1, 1), v));
        assertArrayEquals(new float[] {0, 99}, window);
    }

    private static long countIds(Volume labels, int k) {
        float[] s = labels.slice(k);
        return IntStream.range(0, s.length).mapToObj(i -> s[i]).filter(v -> v > 0).distinct().count();
    }

    private static int countColour(BufferedImage picture, int column, int rgb) {
        int n = 0;
        int x0 = 6 + column * 306;
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = x0; x < x0 + 300; x++) {
                if (picture.getRGB(x, y) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
