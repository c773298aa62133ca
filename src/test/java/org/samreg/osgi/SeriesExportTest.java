package org.samreg.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export of a viewer's series for a job: one file per source file, across sub-series and frames. */
class SeriesExportTest {
    /** An image whose "file" is its key as text; {@code writable} false stands for a viewer that cannot save it. */
    private record Image(String fileKey, boolean writable) implements SeriesExport.Instance {
        @Override
        public boolean writeTo(Path target) {
            try {
                Files.writeString(target, fileKey);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return writable;
        }
    }

    @Test
    void writesEachSourceFileOnce(@TempDir Path tmp) throws IOException {
        // sub-series A and B of one series; the two frames of multi-frame file f3 share its key
        List<Image> images = List.of(new Image("file:/a/f1", true), new Image("file:/a/f2", true),
                new Image("file:/b/f3", true), new Image("file:/b/f3", true), new Image("file:/a/f1", true));
        Path folder = SeriesExport.export(images, tmp);
        List<String> contents;
        try (Stream<Path> files = Files.list(folder)) {
            contents = files.sorted().map(SeriesExportTest::read).toList();
        }
        assertEquals(List.of("file:/a/f1", "file:/a/f2", "file:/b/f3"), contents);
    }

    @Test
    void failsWhenAnImageCannotBeWrittenOrThereIsNone(@TempDir Path tmp) {
        IOException e = assertThrows(IOException.class, () -> SeriesExport.export(
                List.of(new Image("file:/a/f1", true), new Image("file:/a/f2", false)), tmp));
        assertTrue(e.getMessage().startsWith("cannot write file:/a/f2"), e.getMessage());
        assertThrows(IOException.class, () -> SeriesExport.export(List.of(), tmp));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
