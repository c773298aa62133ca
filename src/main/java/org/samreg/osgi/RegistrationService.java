package org.samreg.osgi;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Registers a moving series to a fixed one in the background, one job at a time in submission order.
 * A series is given as a DICOM folder or file, an image file (NIfTI, PNG, JPEG), or a Series Instance UID or a
 * query ({@code patient=ID,description=t1*,number=3}) that names it on the configured peer to retrieve from.
 */
public interface RegistrationService {

    /**
     * Queues a registration.
     *
     * @param outputFolder where to write; {@code null} = a new job folder under the configured output folder
     */
    RegistrationJob submit(String fixed, String moving, Path outputFolder);

    /** Jobs of this session, oldest first: every queued or running one and the last 100 finished. */
    List<RegistrationJob> jobs();

    Optional<RegistrationJob> job(int id);

    /** True while the ONNX sessions of the model are open (they open with the first job). */
    boolean modelLoaded();

    /** The model manifest the service uses. */
    Path modelManifest();

    /** The configured PACS peers, written NAME=AETITLE@host:port (with /get for a C-GET peer). */
    List<String> pacsPeers();

    /** Our AE title towards the PACS peers. */
    String localAeTitle();

    /** C-ECHO to the configured peer {@code name}: a one-line outcome, success or the reason of the failure. */
    String echo(String name);
}
