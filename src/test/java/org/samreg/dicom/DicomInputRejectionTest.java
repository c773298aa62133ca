package org.samreg.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.image.ExternalTools;
import org.samreg.image.Mask;
import org.samreg.image.Prerequisites;

/** Bad input gives one clear DicomInputException (and nothing is written); the writers leave no partial files. */
class DicomInputRejectionTest {
    @TempDir
    Path dir;

    private static List<Path> slices(Path series) throws IOException {
        try (Stream<Path> s = Files.list(series)) {
            return s.sorted().toList();
        }
    }

    private List<Path> copy(List<Path> files) throws IOException {
        for (Path f : files) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        return slices(dir);
    }

    /** Reads the folder, expecting a rejection whose message contains {@code expected}; nothing gets written. */
    private DicomInputException rejected(String expected) throws IOException {
        List<Path> before = slices(dir);
        DicomInputException e = assertThrows(DicomInputException.class, () -> DicomSeriesReader.read(dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(before, slices(dir));
        System.out.println("rejected as expected: " + e.getMessage());
        return e;
    }

    /** Rewrites a DICOM file after changing its attributes. */
    private static void rewrite(Path file, Consumer<AttributeList> change) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        change.accept(list);
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    @Test
    void mixedSeriesUnlessOneIsChosen() throws Exception {
        copy(slices(DicomTestSupport.hfs()).subList(0, 3));
        copy(slices(DicomTestSupport.hfp()).subList(0, 3));
        rejected("mixes 2 series");
        String hfsUid = DicomSeriesReader.read(DicomTestSupport.hfs()).seriesInstanceUid();
        assertEquals(3, DicomSeriesReader.read(dir, hfsUid).volume().geometry().nz);
    }

    @Test
    void truncatedFile() throws Exception {
        List<Path> files = copy(slices(DicomTestSupport.hfs()).subList(0, 4));
        try (FileChannel c = FileChannel.open(files.get(2), StandardOpenOption.WRITE)) {
            c.truncate(c.size() / 2);
        }
        DicomInputException e = rejected(files.get(2).getFileName().toString());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void emptyInstanceUidIsRefused() throws Exception {
        List<Path> files = copy(slices(DicomTestSupport.hfs()).subList(0, 3));
        rewrite(files.get(1), l -> DicomAttributes.put(l, "SOPInstanceUID"));
        DicomInputException e = rejected(files.get(1).getFileName().toString());
        assertTrue(e.getMessage().contains("no SOPInstanceUID"), e.getMessage());
    }

    @Test
    void segmentationIsNotAnImage() throws Exception {
        List<Path> one = slices(DicomTestSupport.hfs()).subList(10, 11);
        DicomSeries series = DicomSeriesReader.read(one.get(0));
        Mask mask = new Mask(series.volume().geometry(), new int[] {5, 6, 7});
        SegWriter.Written segs = new SegWriter(new UidGenerator()).write(series, series,
                List.of(new SegWriter.PairedSegment(1, mask, mask, 1)), dir);
        Files.delete(segs.movingSeg());
        Path seg = segs.fixedSeg();
        DicomInputException e = rejected("is not an image");
        assertTrue(e.getMessage().contains(seg.getFileName().toString()), e.getMessage());
    }

    @Test
    void tinyNonImageDataset() throws Exception {
        AttributeList list = new AttributeList();
        DicomAttributes.put(list, "SOPClassUID", SOPClass.BasicTextSRStorage);
        DicomAttributes.put(list, "SOPInstanceUID", new UidGenerator().newUid());
        DicomAttributes.put(list, "SeriesInstanceUID", new UidGenerator().newUid());
        DicomAttributes.put(list, "StudyInstanceUID", new UidGenerator().newUid());
        DicomAttributes.put(list, "Modality", "SR");
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        list.write(dir.resolve("report.dcm").toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        rejected("is not an image");
    }

    @Test
    void notDicomAtAll() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a DICOM file");
        rejected("notes.txt");
    }

    @Test
    void compressedTransferSyntax() throws Exception {
        Prerequisites.require(ExternalTools.onPath("dcmcrle"), "dcmcrle (dcmtk) not installed");
        List<Path> files = copy(slices(DicomTestSupport.hfs()).subList(0, 3));
        Path rle = dir.resolve("rle.dcm");
        ExternalTools.Result r = ExternalTools.run(List.of("dcmcrle", files.get(1).toString(), rle.toString()));
        assertEquals(0, r.exitCode(), r.output());
        Files.delete(files.get(1));
        rejected("compressed transfer syntax 1.2.840.10008.1.2.5");
    }

    @Test
    void missingPosition() throws Exception {
        List<Path> files = copy(slices(DicomTestSupport.hfs()).subList(0, 3));
        rewrite(files.get(1), l -> l.remove(DicomAttributes.tag("ImagePositionPatient")));
        rejected("missing or malformed Image Position (Patient)");
    }

    @Test
    void orientationDiffersBetweenSlices() throws Exception {
        List<Path> files = copy(slices(DicomTestSupport.hfs()).subList(0, 3));
        rewrite(files.get(2), l -> DicomAttributes.put(l, "ImageOrientationPatient", "0", "0.995", "0.0998", "0", "-0.0998", "0.995"));
        rejected("orientation of");
    }

    @Test
    void nonUniformSpacing() throws Exception {
        List<Path> all = slices(DicomTestSupport.hfs());
        copy(List.of(all.get(0), all.get(1), all.get(2), all.get(4), all.get(5)));
        rejected("non-uniform slice spacing");
    }

    @Test
    void rejectedSegWritesNothing() throws Exception {
        DicomSeries series = DicomSeriesReader.read(slices(DicomTestSupport.hfs()).get(0));
        DicomSeries other = DicomSeriesReader.read(DicomTestSupport.hfp());
        Mask wrongGrid = new Mask(other.volume().geometry(), new int[] {1, 2, 3});
        Mask rightGrid = new Mask(series.volume().geometry(), new int[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> new SegWriter(new UidGenerator()).write(series, series,
                List.of(new SegWriter.PairedSegment(1, rightGrid, wrongGrid, 1)), dir));
        assertEquals(List.of(), slices(dir));
    }
}
