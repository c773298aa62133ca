package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.samreg.image.Geometry;

class DicomSeriesReaderTest {
    @Test
    void readsHeadFirstSupineSagittalSeries() throws Exception {
        DicomSeries s = DicomSeriesReader.read(DicomTestSupport.hfs());
        Geometry g = s.volume().geometry();
        assertEquals(256, g.nx);
        assertEquals(256, g.ny);
        assertEquals(35, g.nz);
        assertEquals(35, s.slices().size());
        assertEquals("MR", s.modality());
        // rows run anterior->posterior (+y), columns head->foot (-z): sagittal, normal = row x column = -x
        assertArrayEquals(new double[] {0, 0, -1, 1, 0, 0, 0, -1, 0}, g.direction(), 1e-6);
        assertEquals(1.015625, g.spacing(0), 1e-9);
        assertEquals(4.8, g.spacing(2), 1e-3);
        System.out.println(s);
    }

    @Test
    void readsHeadFirstProneSeries() throws Exception {
        DicomSeries s = DicomSeriesReader.read(DicomTestSupport.hfp());
        assertEquals(35, s.volume().geometry().nz);
        System.out.println(s);
    }
}
