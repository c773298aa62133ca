package org.samreg.everything;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.samreg.sam.SliceImage;

class RegionPromptsTest {
    private static final int SIDE = 200;
    private static final EverythingSettings SETTINGS = EverythingSettings.defaults();

    /**
     * Three structures on a noisy grey field: a bright disk, a darker square and a ring. Each gets exactly one prompt,
     * on itself (the ring's on the ring, not in its hole), and so does the ring's hole, largest first; neither the
     * field, larger than any ROI may be, nor the blurred edges between them get one.
     */
    @Test
    void eachNoisyStructureGetsOnePromptOnItself() {
        float[] grey = new float[SIDE * SIDE];
        Random noise = new Random(7);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float v = 90;
                if (Math.hypot(x - 50, y - 50) <= 20) {
                    v = 220;
                } else if (x >= 120 && x < 170 && y >= 30 && y < 80) {
                    v = 30;
                } else if (Math.abs(Math.hypot(x - 100, y - 145) - 30) <= 6) {
                    v = 170;
                }
                grey[y * SIDE + x] = v + (float) noise.nextGaussian() * 4;
            }
        }
        List<PromptPoint> prompts = RegionPrompts.of(new SliceImage(grey, 1, SIDE, SIDE), null, SETTINGS);

        assertEquals(4, prompts.size(), "prompts " + prompts);
        PromptPoint square = prompts.get(0), ring = prompts.get(1), hole = prompts.get(2), disk = prompts.get(3);
        assertTrue(square.x() >= 120 && square.x() < 170 && square.y() >= 30 && square.y() < 80,
                "the square (2,500 px) first: " + square);
        assertTrue(Math.abs(Math.hypot(ring.x() - 100, ring.y() - 145) - 30) <= 6,
                "then the ring (about 2,260 px), on the ring: " + ring);
        assertTrue(Math.hypot(hole.x() - 100, hole.y() - 145) < 24, "then its hole (about 1,800 px): " + hole);
        assertTrue(Math.hypot(disk.x() - 50, disk.y() - 50) <= 20, "then the disk (about 1,260 px): " + disk);
        for (int i = 0; i < prompts.size(); i++) {
            PromptPoint p = prompts.get(i);
            assertEquals(i, p.order());
            assertEquals((int) p.y() * SIDE + (int) p.x(), p.pixel());
        }
    }

    /** Background given: a structure lying on it gets no prompt. */
    @Test
    void noPromptOnBackground() {
        float[] grey = new float[SIDE * SIDE];
        boolean[] foreground = new boolean[SIDE * SIDE];
        for (int p = 0; p < grey.length; p++) {
            int x = p % SIDE, y = p / SIDE;
            boolean disk = Math.hypot(x - 60, y - 100) <= 20, other = Math.hypot(x - 140, y - 100) <= 20;
            grey[p] = disk || other ? 200 : 10;
            foreground[p] = x < 100;
        }
        List<PromptPoint> prompts = RegionPrompts.of(new SliceImage(grey, 1, SIDE, SIDE), foreground, SETTINGS);

        assertEquals(1, prompts.size(), "prompts " + prompts);
        assertTrue(Math.hypot(prompts.get(0).x() - 60, prompts.get(0).y() - 100) <= 20);
    }
}
