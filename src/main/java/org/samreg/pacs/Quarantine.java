package org.samreg.pacs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Logger;
import org.samreg.image.AtomicFiles;

/**
 * Where the node's damaged state files go (a job or pending-series note that is empty or truncated, say after a
 * full disk): out of the way, next to a note of why, with one log line, so that one bad file stops nothing else.
 */
final class Quarantine {
    private static final Logger LOG = Logger.getLogger(Quarantine.class.getName());
    private final Path folder;

    Quarantine(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    void take(Path file, String what, String reason) throws IOException {
        Path target = folder.resolve(file.getFileName());
        Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.writeString(folder.resolve(file.getFileName() + ".reason.txt"), reason + "\n");
        LOG.warning(what + " " + file + " is damaged (" + reason + "); moved to " + target);
    }
}
