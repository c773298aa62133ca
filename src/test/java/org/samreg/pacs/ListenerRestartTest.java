package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A series still arriving (not yet quiet) when the listener stops is queued after the restart, once. */
class ListenerRestartTest {
    @TempDir
    Path dir;

    @Test
    void aSeriesReceivedBeforeAStopIsQueuedAfterTheRestart() throws Exception {
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        String series = TestSeries.copy(PacsTestSupport.hfs(), 5, null, dir.resolve("series"));
        NodeConfig.Peer pacs = new NodeConfig.Peer("pacs", "ORTHANC", PacsTestSupport.LOOPBACK, PacsTestSupport.freePort(), true);
        int port = PacsTestSupport.freePort();
        String rules = "\"rules\": [{\"name\": \"t1\", \"modality\": \"MR\", \"queryPeer\": \"pacs\"}]";
        List<String> log = new CopyOnWriteArrayList<>();
        NodeConfig patient = PacsTestSupport.node(dir.resolve("node"), port, List.of(pacs),
                "\"seriesQuietSeconds\": 600, " + rules);
        try (Listener listener = Listener.start(patient, log::add)) {
            OrthancIntegrationTest.storescu(listener.port(), dir.resolve("series"));
        }
        assertTrue(new JobQueue(patient.storage()).all().isEmpty(), "not complete yet when the listener stopped");
        NodeConfig quick = PacsTestSupport.node(dir.resolve("node"), port, List.of(pacs), rules);
        try (Listener listener = Listener.start(quick, log::add)) {
            Job job = OrthancIntegrationTest.awaitJob(listener.queue(), j -> true, 20);
            assertEquals(series, job.seriesUid());
            Thread.sleep(1500);
            assertEquals(1, listener.queue().all().size());
        }
        assertTrue(log.stream().anyMatch(m -> m.contains("resuming series " + series + " (5 instances")), log.toString());
        assertTrue(log.stream().anyMatch(m -> m.startsWith("queued series " + series) && m.contains("(5 instances")),
                log.toString());
        assertEquals(List.of(), PacsTestSupport.filesUnder(quick.storage().resolve("pending")));
    }
}
