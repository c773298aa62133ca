package org.samreg.pacs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.samreg.dicom.DicomInputException;
import org.samreg.image.Progress;

/**
 * {@code pacs-register}: find both series on the source with C-FIND, retrieve them, register, and push the results
 * (two SEGs, the registration, the derived series) with C-STORE to the destination.
 */
public final class PullRegistration {
    /** What was registered and where its results are. */
    public record Outcome(SeriesInfo fixed, SeriesInfo moving, Path resultFolder, List<Path> pushed) {
    }

    private final NodeConfig config;
    private final SeriesRegistrar registrar;
    private final Consumer<String> log;

    public PullRegistration(NodeConfig config, SeriesRegistrar registrar, Consumer<String> log) {
        this.config = config;
        this.registrar = registrar;
        this.log = log;
    }

    public Outcome run(NodeConfig.Peer source, NodeConfig.Peer destination, SeriesQuery fixedQuery,
                       SeriesQuery movingQuery, Progress progress) throws PacsException {
        try {
            InstanceStore store = new InstanceStore(config.storage());
            ResultStore results = new ResultStore(config.storage());
            PacsClient client = new PacsClient(source, config.aeTitle());
            SeriesInfo fixed = fixedQuery.resolve(client);
            SeriesInfo moving = movingQuery.resolve(client);
            log.accept("fixed:  " + fixed + "\nmoving: " + moving);
            InstanceReception reception = new InstanceReception(store, config.maxObjectBytes(), i -> { });
            Path fixedFolder;
            Path movingFolder;
            // our SCP must run while the source sends C-MOVE sub-operations to us
            try (StorageScp scp = source.supportsMove() ? StorageScp.start(config, store, i -> { }) : null) {
                SeriesRetriever retriever = new SeriesRetriever(client, store, reception, config.aeTitle(), log);
                fixedFolder = retriever.retrieve(fixed, progress);
                movingFolder = retriever.retrieve(moving, progress);
            }
            String key = fixed.seriesUid() + "_" + moving.seriesUid();
            List<Path> files = results.produce(key, fixedFolder, movingFolder, registrar, progress);
            progress.update("sending results to " + destination.name(), 0, files.size());
            new PacsClient(destination, config.aeTitle()).store(files);
            progress.update("sending results to " + destination.name(), files.size(), files.size());
            return new Outcome(fixed, moving, results.folder(key), files);
        } catch (IOException | DicomInputException e) {
            throw new PacsException("registration failed: " + e.getMessage(), e);
        }
    }
}
