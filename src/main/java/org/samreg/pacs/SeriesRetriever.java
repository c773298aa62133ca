package org.samreg.pacs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.samreg.image.Progress;

/**
 * Brings one series from a peer into the {@link InstanceStore}: C-MOVE to our storage SCP, or C-GET when the peer
 * cannot move to us (configured, or its C-MOVE ends with a failure status). The instances to expect come from an
 * image-level C-FIND; progress is instances on disk / expected. Instances already on disk are not fetched again.
 */
public final class SeriesRetriever {
    private static final long ARRIVAL_GRACE_MS = 30_000;
    private static final long POLL_MS = 200;

    private final PacsClient client;
    private final InstanceStore store;
    private final InstanceReception reception;
    private final String ourAeTitle;
    private final Consumer<String> log;

    public SeriesRetriever(PacsClient client, InstanceStore store, InstanceReception reception, String ourAeTitle,
                           Consumer<String> log) {
        this.client = client;
        this.store = store;
        this.reception = reception;
        this.ourAeTitle = ourAeTitle;
        this.log = log;
    }

    /** @return the folder holding exactly the series' instances */
    public Path retrieve(SeriesInfo series, Progress progress) throws PacsException {
        Map<String, String> expected = client.findInstances(series.studyUid(), series.seriesUid());
        if (expected.isEmpty()) {
            throw new PacsException("series " + series.seriesUid() + " has no instances on " + client.peer());
        }
        Path folder = store.seriesFolder(series.studyUid(), series.seriesUid());
        String stage = "receiving " + series;
        if (onDisk(folder, expected) < expected.size()) {
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            poller.scheduleAtFixedRate(() -> progress.update(stage, onDisk(folder, expected), expected.size()),
                    0, POLL_MS, TimeUnit.MILLISECONDS);
            try {
                try {
                    fetch(series, expected);
                } catch (PacsException e) {
                    throw new PacsException(e.getMessage() + "; " + received(folder, expected, series), e);
                }
                awaitArrivals(folder, expected, series);
            } finally {
                poller.shutdownNow();
            }
        }
        progress.update(stage, expected.size(), expected.size());
        return folder;
    }

    private void fetch(SeriesInfo series, Map<String, String> expected) throws PacsException {
        if (client.peer().supportsMove()) {
            try {
                client.move(series.studyUid(), series.seriesUid(), ourAeTitle);
                return;
            } catch (PacsClient.MoveFailedException e) {
                // A801 is the standard answer for an unknown destination, but some peers (Orthanc) answer C000
                log.accept("warning: " + e.getMessage() + "; retrieving with C-GET instead");
            }
        }
        client.get(series.studyUid(), series.seriesUid(), new HashSet<>(expected.values()), store, reception);
    }

    /** Sub-operations of a C-MOVE may still be in our SCP's hands when the C-MOVE response arrives. */
    private void awaitArrivals(Path folder, Map<String, String> expected, SeriesInfo series) throws PacsException {
        long deadline = System.currentTimeMillis() + ARRIVAL_GRACE_MS;
        int have = onDisk(folder, expected);
        while (have < expected.size() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            have = onDisk(folder, expected);
        }
        if (have < expected.size()) {
            throw new PacsException(client.peer() + " did not send every instance: " + received(folder, expected, series));
        }
    }

    private String received(Path folder, Map<String, String> expected, SeriesInfo series) {
        return "received " + onDisk(folder, expected) + " of " + expected.size() + " instances of " + series
                + ", kept in " + folder;
    }

    private static int onDisk(Path folder, Map<String, String> expected) {
        return (int) expected.keySet().stream()
                .filter(sop -> Files.exists(folder.resolve(SafeNames.of(sop) + ".dcm"))).count();
    }
}
