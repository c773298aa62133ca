package org.samreg.pacs;

import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.network.ReceivedObjectHandler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What happens to an object PixelMed has received (by our SCP or within a C-GET): drop it if over the size
 * limit (our SCP has refused such objects already; a C-GET's are checked only here), file it with {@link InstanceStore}, then hand it to the consumer.
 */
final class InstanceReception extends ReceivedObjectHandler {
    /** Names the received file in the incoming folder; never the raw UID (see {@link SafeNames}). */
    static final StoredFilePathStrategy PATHS = new StoredFilePathStrategy() {
        @Override
        public File makeReliableStoredFilePathWithFoldersCreated(File folder, String sopInstanceUid) {
            return new File(folder, SafeNames.of(sopInstanceUid) + "-" + UUID.randomUUID() + ".part");
        }
    };

    private final InstanceStore store;
    private final long maxObjectBytes;
    private final Consumer<ReceivedInstance> consumer;

    InstanceReception(InstanceStore store, long maxObjectBytes, Consumer<ReceivedInstance> consumer) {
        this.store = store;
        this.maxObjectBytes = maxObjectBytes;
        this.consumer = consumer;
    }

    @Override
    public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAeTitle)
            throws IOException {
        Path file = Path.of(fileName);
        long size = Files.size(file);
        if (size > maxObjectBytes) {
            Files.delete(file);
            throw new IOException("object of " + size + " bytes from " + callingAeTitle + " is over the limit of "
                    + maxObjectBytes + " bytes; dropped");
        }
        consumer.accept(store.accept(file, callingAeTitle == null ? "" : callingAeTitle.strip()));
    }
}
