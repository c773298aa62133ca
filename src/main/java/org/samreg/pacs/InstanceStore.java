package org.samreg.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.samreg.image.AtomicFiles;

/**
 * The storage folder's received instances: {@code <storage>/instances/<study>/<series>/<sop>.dcm}, every name
 * made safe by {@link SafeNames}. Files arrive in a folder under {@code incoming/} and are moved into place
 * atomically, so a file in the tree is always complete.
 */
public final class InstanceStore {
    private final Path root;
    private final Path incoming;

    /** In each receiving folder: locked by the process receiving into it, for as long as it does. */
    private static final String OWNER = ".owner";
    private final Map<Path, FileChannel> owners = new ConcurrentHashMap<>();

    /** Opens the store, removing what receptions of a process that died (kill -9, power loss) left in incoming/. */
    public InstanceStore(Path storage) throws IOException {
        this.root = storage.toAbsolutePath().normalize().resolve("instances");
        this.incoming = storage.toAbsolutePath().normalize().resolve("incoming");
        Files.createDirectories(root);
        Files.createDirectories(incoming);
        removeOrphans();
    }

    /**
     * A fresh folder for the objects of one association (or one C-GET) while they arrive; {@link #discard} it at
     * the end, which removes whatever an aborted transfer left half written.
     */
    public Path newReceivingFolder() throws IOException {
        Path folder = Files.createDirectories(incoming.resolve(UUID.randomUUID().toString()));
        FileChannel owner = FileChannel.open(folder.resolve(OWNER), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        owner.lock(); // the operating system releases it when this process ends, however it ends
        owners.put(folder, owner);
        return folder;
    }

    public void discard(Path receivingFolder) throws IOException {
        FileChannel owner = owners.remove(receivingFolder);
        if (owner != null) {
            owner.close();
        }
        AtomicFiles.deleteTree(receivingFolder);
    }

    /** Receiving folders whose owner lock no live process holds. */
    private void removeOrphans() throws IOException {
        List<Path> folders;
        try (Stream<Path> list = Files.list(incoming)) {
            folders = list.filter(Files::isDirectory).toList();
        }
        for (Path folder : folders) {
            boolean orphan;
            try (FileChannel owner = FileChannel.open(folder.resolve(OWNER), StandardOpenOption.WRITE)) {
                FileLock lock = owner.tryLock();
                orphan = lock != null;
                if (lock != null) {
                    lock.release();
                }
            } catch (NoSuchFileException e) {
                orphan = true; // the process died before it could lock
            } catch (OverlappingFileLockException e) {
                orphan = false; // a store of this process is receiving into it
            }
            if (orphan) {
                AtomicFiles.deleteTree(folder);
            }
        }
    }

    /** How many instances of the series are filed. */
    public int instanceCount(String studyUid, String seriesUid) throws IOException {
        try (Stream<Path> files = Files.list(seriesFolder(studyUid, seriesUid))) {
            return (int) files.count();
        }
    }

    public Path seriesFolder(String studyUid, String seriesUid) {
        return root.resolve(SafeNames.of(studyUid)).resolve(SafeNames.of(seriesUid));
    }

    /**
     * Moves a fully received file into the tree (replacing an earlier copy of the same instance), once it has been
     * read to its end: a data set that ends early, or an image without Pixel Data, is refused and replaces nothing.
     */
    public ReceivedInstance accept(Path received, String callingAeTitle) throws IOException {
        AttributeList header = new AttributeList();
        try {
            header.read(new File(received.toString()));
        } catch (DicomException | IOException e) {
            Files.deleteIfExists(received);
            throw new IOException("received object is truncated or not readable DICOM: " + e.getMessage(), e);
        }
        String sopClass = value(header, TagFromName.SOPClassUID);
        if (SOPClass.isImageStorage(sopClass) && !SOPClass.SegmentationStorage.equals(sopClass)
                && header.get(TagFromName.PixelData) == null) {
            Files.deleteIfExists(received);
            throw new IOException("received image (SOP class " + sopClass + ") has no Pixel Data: incomplete");
        }
        String study = value(header, TagFromName.StudyInstanceUID);
        String series = value(header, TagFromName.SeriesInstanceUID);
        String sop = value(header, TagFromName.SOPInstanceUID);
        if (study.isEmpty() || series.isEmpty() || sop.isEmpty()) {
            // all such objects would land in one file, each replacing the last
            Files.deleteIfExists(received);
            throw new IOException("received object lacks its Study, Series or SOP Instance UID");
        }
        Path folder = seriesFolder(study, series);
        Files.createDirectories(folder);
        Path target = folder.resolve(SafeNames.of(sop) + ".dcm");
        if (!target.normalize().startsWith(root)) {
            throw new IllegalStateException("unsafe target " + target); // cannot happen with SafeNames
        }
        Files.move(received, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new ReceivedInstance(callingAeTitle, value(header, TagFromName.PatientID), study, series, sop,
                value(header, TagFromName.Modality), value(header, TagFromName.SeriesDescription),
                SeriesInfo.sortable(value(header, TagFromName.SeriesDate).isEmpty() ? value(header, TagFromName.StudyDate)
                        : value(header, TagFromName.SeriesDate), value(header, TagFromName.SeriesTime)), target);
    }

    private static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).strip();
    }
}
