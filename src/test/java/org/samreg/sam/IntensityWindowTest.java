package org.samreg.sam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;
import org.samreg.image.Volume;

class IntensityWindowTest {
    @Test
    void eightBitRgbPassesThrough() {
        float[] rgb = {0f, 10f, 255f, 30f, 40f, 50f};
        Volume image = new Volume(Geometry.axisAligned(2, 1, 1, 1, 1, 1), rgb, 3);
        SliceImage slice = IntensityWindow.of(image).slice(image, 0);
        assertArrayEquals(rgb, slice.pixels());
        assertEquals(3, slice.components());
    }

    @Test
    void greyVolumeUsesRobustPercentilesSharedBySlices() {
        // two 100x10 slices with values 0..1999, plus one extreme outlier
        float[] data = new float[2000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        data[1999] = 1e6f;
        Volume volume = Volume.grey(Geometry.axisAligned(100, 10, 2, 1, 1, 1), data);
        IntensityWindow window = IntensityWindow.of(volume);
        assertEquals(0.005 * 1999, window.low(), 0.01);
        assertEquals(0.995 * 1999, window.high(), 1.0);
        assertEquals(0f, window.apply(-5f));
        assertEquals(255f, window.apply(1e6f));
        // the same raw value maps identically whichever slice it comes from
        float[] first = window.slice(volume, 0).pixels();
        float[] second = window.slice(volume, 1).pixels();
        assertEquals(window.apply(500f), first[500]);
        assertEquals(window.apply(1500f), second[500]);
    }
}
