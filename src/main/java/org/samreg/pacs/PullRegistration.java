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

    /** Two series found on a peer and brought into our storage. */
    public record Retrieved(SeriesInfo fixed, SeriesInfo moving, Path fixedFolder, Path movingFolder) {
    }

    private final NodeConfig config;
    private final SeriesRegistrar registrar;
    private final Consumer<String> log;

    /** {@code registrar} may be null for a puller that only {@link #retrieve}s. */
    public PullRegistration(NodeConfig config, SeriesRegistrar registrar, Consumer<String> log) {
        this.config = config;
        this.registrar = registrar;
        this.log = log;
    }

    public Outcome run(NodeConfig.Peer source, NodeConfig.Peer destination, SeriesQuery fixedQuery,
                       SeriesQuery movingQuery, Progress progress) throws PacsException {
        ResultStore results;
        try {
            results = new ResultStore(config.storage()); // an unusable storage folder fails before any network work
        } catch (IOException e) {
            throw new PacsException("cannot use storage folder " + config.storage() + ": " + e.getMessage(), e);
        }
        Retrieved series = retrieve(source, fixedQuery, movingQuery, progress);
        try {
            String key = series.fixed().seriesUid() + "_" + series.moving().seriesUid();
            List<Path> files = results.produce(key, series.fixedFolder(), series.movingFolder(), registrar, progress);
            send(destination, files, progress);
            return new Outcome(series.fixed(), series.moving(), results.folder(key), files);
        } catch (IOException | DicomInputException e) {
            throw new PacsException("registration failed: " + e.getMessage(), e);
        }
    }

    /** Finds both series on {@code source} with C-FIND and retrieves them (C-MOVE to our SCP, else C-GET). */
    public Retrieved retrieve(NodeConfig.Peer source, SeriesQuery fixedQuery, SeriesQuery movingQuery,
                              Progress progress) throws PacsException {
        try {
            InstanceStore store = new InstanceStore(config.storage());
            PacsClient client = new PacsClient(source, config.aeTitle());
            SeriesInfo fixed = fixedQuery.resolve(client);
            SeriesInfo moving = movingQuery.resolve(client);
            log.accept("fixed:  " + fixed + "\nmoving: " + moving);
            InstanceReception reception = new InstanceReception(store, config.maxObjectBytes(), i -> { });
            // our SCP must run while the source sends C-MOVE sub-operations to us
            try (StorageScp scp = source.supportsMove() ? StorageScp.start(config, store, i -> { }) : null) {
                SeriesRetriever retriever = new SeriesRetriever(client, store, reception, config.aeTitle(), log);
                return new Retrieved(fixed, moving, retriever.retrieve(fixed, progress),
                        retriever.retrieve(moving, progress));
            }
        } catch (IOException e) {
            throw new PacsException("cannot retrieve the series: " + e.getMessage(), e);
        }
    }

    /** Sends {@code files} to {@code destination} with C-STORE. */
    public void send(NodeConfig.Peer destination, List<Path> files, Progress progress) throws PacsException {
        progress.update("sending results to " + destination.name(), 0, files.size());
        new PacsClient(destination, config.aeTitle()).store(files);
        progress.update("sending results to " + destination.name(), files.size(), files.size());
    }
}
