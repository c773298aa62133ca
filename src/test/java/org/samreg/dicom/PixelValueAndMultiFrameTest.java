package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.MultiFrameImageFactory;
import com.pixelmed.dicom.TransferSyntax;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rescale, MONOCHROME1 and multi-frame (legacy converted enhanced MR made by PixelMed) give the same volume. */
class PixelValueAndMultiFrameTest {
    @TempDir
    Path dir;

    private static List<Path> slices() throws Exception {
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            return s.sorted().limit(4).toList();
        }
    }

    private DicomSeries rewritten(Consumer<AttributeList> change) throws Exception {
        for (Path f : slices()) {
            AttributeList list = new AttributeList();
            list.read(f.toFile());
            change.accept(list);
            list.write(dir.resolve(f.getFileName()).toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        }
        return DicomSeriesReader.read(dir);
    }

    @Test
    void rescaleSlopeAndInterceptAreApplied() throws Exception {
        DicomSeries original = DicomSeriesReader.read(slices(), null);
        DicomSeries rescaled = rewritten(l -> {
            DicomAttributes.put(l, "RescaleSlope", "2.5");
            DicomAttributes.put(l, "RescaleIntercept", "-100");
        });
        float[] a = original.volume().data(), b = rescaled.volume().data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] * 2.5f - 100, b[i], 1e-3);
        }
    }

    @Test
    void monochrome1IsInvertedWithinTheStoredRange() throws Exception {
        DicomSeries original = DicomSeriesReader.read(slices(), null);
        DicomSeries inverted = rewritten(l -> DicomAttributes.put(l, "PhotometricInterpretation", "MONOCHROME1"));
        float[] a = original.volume().data(), b = inverted.volume().data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(4095 - a[i], b[i]); // 12 bits stored
        }
    }

    @Test
    void legacyConvertedEnhancedMultiFrameMatchesSingleFrames() throws Exception {
        DicomSeries single = DicomSeriesReader.read(DicomTestSupport.hfs());
        Set<File> files;
        try (Stream<Path> s = Files.list(DicomTestSupport.hfs())) {
            files = s.map(Path::toFile).collect(Collectors.toSet());
        }
        File[] converted = MultiFrameImageFactory.convertImages(files, dir.toFile());
        assertEquals(1, converted.length);
        DicomSeries multi = DicomSeriesReader.read(converted[0].toPath());
        assertEquals(35, multi.slices().size());
        // every frame is used once, in position order (which need not be frame order)
        assertEquals(IntStream.rangeClosed(1, 35).boxed().collect(Collectors.toSet()),
                multi.slices().stream().map(DicomSeries.SliceReference::frameNumber).collect(Collectors.toSet()));
        assertTrue(multi.volume().geometry().sameGrid(single.volume().geometry(), 1e-4));
        assertArrayEquals(single.volume().data(), multi.volume().data());
    }
}
