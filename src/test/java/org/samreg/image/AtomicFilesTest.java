package org.samreg.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void writesIntoPlaceAndReplaces() throws IOException {
        Path target = dir.resolve("sub/out.txt");
        AtomicFiles.write(target, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        assertEquals("two", Files.readString(target));
        assertEquals(List.of(target), Files.list(target.getParent()).toList());
    }

    @Test
    void failingWriterLeavesNoTemporaryFileAndKeepsTheOldContent() throws IOException {
        Path target = Files.writeString(dir.resolve("out.txt"), "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(dir.resolve("new.txt"), out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(target), listing());
        assertEquals("old", Files.readString(target));
    }
}
