package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.samreg.sam.SamModel;

/**
 * The listener's push destination (a dcmqrscp archive) is down when the results are ready: the push is retried
 * with back-off, the results stay on disk, and they arrive once the archive is up. The prior comes from Orthanc.
 */
class ListenerPushRetryTest {
    @TempDir
    Path dir;

    @Test
    void retriesAFailedPushUntilTheDestinationIsBack() throws Exception {
        Path hfs = PacsTestSupport.hfs();
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        int scpPort = PacsTestSupport.freePort();
        int archivePort = PacsTestSupport.freePort();
        String prior = TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, "150536", dir.resolve("prior"));
        TestSeries.copy(hfs, PacsTestSupport.QUICK_SLICES, "160000", dir.resolve("new"));
        NodeConfig.Peer archive = new NodeConfig.Peer("archive", "ARCHIVE", PacsTestSupport.LOOPBACK, archivePort, true);
        List<String> log = new CopyOnWriteArrayList<>();
        try (PeerProcess orthanc = PeerProcess.orthanc(dir.resolve("orthanc"), "ORTHANC",
                Map.of("samreg", new Object[] {"SAMREG", scpPort}));
             SamModel model = SamModel.openDefault()) {
            orthanc.seed(dir.resolve("prior"));
            NodeConfig config = PacsTestSupport.node(dir.resolve("node"), scpPort, List.of(orthanc.peer, archive),
                    "\"pushTo\": \"archive\", \"rules\": [{\"name\": \"t1\", \"modality\": \"MR\", "
                            + "\"descriptionRegex\": \"t1_.*\", \"queryPeer\": \"orthanc\"}]");
            try (Listener listener = Listener.start(config, log::add);
                 JobRunner runner = new JobRunner(config, listener, PacsTestSupport.quickRegistrar(model), log::add)) {
                OrthancIntegrationTest.storescu(listener.port(), dir.resolve("new"));
                Job waiting = OrthancIntegrationTest.awaitJob(listener.queue(),
                        j -> j.stage() == Job.Stage.PUSH && j.attempts() >= 3, 300);
                assertEquals(prior, waiting.priorSeriesUid());
                assertTrue(waiting.lastError().contains("cannot connect"), waiting.lastError());
                assertTrue(waiting.results().stream().allMatch(f -> Files.isRegularFile(Path.of(f))), "results kept");
                try (PeerProcess up = PeerProcess.dcmqrscp(dir.resolve("archive"), "ARCHIVE", archivePort, Map.of())) {
                    Job done = OrthancIntegrationTest.awaitJob(listener.queue(), Job::finished, 60);
                    assertEquals(Job.Stage.DONE, done.stage(), log.toString());
                    PacsClient client = new PacsClient(up.peer, "SAMREG");
                    List<String> found = new ArrayList<>();
                    for (String series : DcmqrscpPullTest.seriesOf(done.results().stream().map(Path::of).toList())) {
                        client.findSeries(Map.of(TagFromName.SeriesInstanceUID, series)).forEach(s -> found.add(s.modality()));
                    }
                    found.sort(null);
                    assertEquals(List.of("MR", "REG", "SEG", "SEG"), found);
                }
            }
        }
    }
}
