package org.samreg.pacs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.samreg.dicom.DicomInputException;
import org.samreg.image.AtomicFiles;
import org.samreg.image.Progress;

/**
 * Registration results under {@code <storage>/results/<key>/}. A registrar writes into a scratch folder that is
 * renamed into place only when it has finished, so a result folder is never half written; scratch folders left by
 * a crash are removed at start.
 */
public final class ResultStore {
    private static final String SCRATCH = ".scratch-";
    private final Path root;

    public ResultStore(Path storage) throws IOException {
        this.root = storage.toAbsolutePath().normalize().resolve("results");
        Files.createDirectories(root);
        try (Stream<Path> leftovers = Files.list(root)) {
            for (Path p : leftovers.filter(p -> p.getFileName().toString().startsWith(SCRATCH)).toList()) {
                AtomicFiles.deleteTree(p);
            }
        }
    }

    public Path folder(String key) {
        return root.resolve(SafeNames.of(key));
    }

    /** Runs the registrar and files its outputs under {@code key}, replacing an earlier result of the same key. */
    public List<Path> produce(String key, Path fixedFolder, Path movingFolder, SeriesRegistrar registrar,
                              Progress progress) throws IOException, DicomInputException {
        Path scratch = root.resolve(SCRATCH + UUID.randomUUID());
        Path target = folder(key);
        try {
            List<Path> files = registrar.register(fixedFolder, movingFolder, scratch, progress);
            AtomicFiles.deleteTree(target);
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            return files.stream().map(f -> target.resolve(scratch.relativize(f))).toList();
        } finally {
            AtomicFiles.deleteTree(scratch);
        }
    }

    /** All files of a finished result (to push again after a failed push). */
    public List<Path> files(String key) throws IOException {
        try (Stream<Path> walk = Files.walk(folder(key))) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
