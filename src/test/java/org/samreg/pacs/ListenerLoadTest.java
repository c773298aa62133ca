package org.samreg.pacs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20 series of 20 instances, each sent by its own storescu process over one association, 8 senders at a time
 * against a node allowing 8 associations: every series accepted and received, each queued exactly once.
 */
class ListenerLoadTest {
    private static final int SERIES = 20;
    private static final int SLICES = 20;
    private static final int AT_A_TIME = 8;

    @TempDir
    Path dir;

    @Test
    void receivesAndQueuesEverySeriesOnce() throws Exception {
        Path hfs = PacsTestSupport.hfs();
        PacsTestSupport.requireBinary("/usr/bin/storescu");
        Set<String> sent = new HashSet<>();
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < SERIES; i++) {
            Path folder = dir.resolve("series-" + i);
            sent.add(TestSeries.copy(hfs, SLICES, null, folder));
            folders.add(folder);
        }
        NodeConfig.Peer pacs = new NodeConfig.Peer("pacs", "PACS", PacsTestSupport.LOOPBACK, PacsTestSupport.freePort(), true);
        NodeConfig config = PacsTestSupport.node(dir.resolve("node"), PacsTestSupport.freePort(), List.of(pacs),
                "\"maxAssociations\": " + AT_A_TIME + ", \"allowedCallingAeTitles\": [\"LOAD\"], "
                        + "\"rules\": [{\"name\": \"all-mr\", \"modality\": \"MR\", \"queryPeer\": \"pacs\"}]");
        List<String> log = new CopyOnWriteArrayList<>();
        try (Listener listener = Listener.start(config, log::add)) {
            long start = System.nanoTime();
            List<Process> running = new ArrayList<>();
            for (int i = 0; i < SERIES; i++) {
                if (running.size() == AT_A_TIME) {
                    finish(running.remove(0));
                }
                running.add(new ProcessBuilder("storescu", "-aet", "LOAD", "-aec", "SAMREG", "+sd", "+r",
                        PacsTestSupport.LOOPBACK, String.valueOf(listener.port()), folders.get(i).toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("storescu-" + i + ".log").toFile())
                        .start());
            }
            for (Process p : running) {
                finish(p);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int instances = PacsTestSupport.filesUnder(config.storage().resolve("instances")).size();
            assertEquals(SERIES * SLICES, instances);
            System.out.printf("LOAD: %d instances (%d series, one association each, %d senders at a time) in %.2f s"
                    + " = %.0f instances/s%n", instances, SERIES, AT_A_TIME, seconds, instances / seconds);
            long deadline = System.currentTimeMillis() + 30_000;
            while (listener.queue().all().size() < SERIES && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2 * (long) (config.seriesQuietSeconds() * 1000)); // a late duplicate would show by now
            List<Job> jobs = listener.queue().all();
            assertEquals(SERIES, jobs.size(), log.toString());
            Set<String> queued = new HashSet<>();
            jobs.forEach(j -> queued.add(j.seriesUid()));
            assertEquals(sent, queued);
            assertEquals(SERIES, log.stream().filter(m -> m.startsWith("queued ") && m.contains("(" + SLICES + " instances"))
                    .count(), log.toString());
        }
        assertTrue(PacsTestSupport.files(config.storage().resolve("incoming")).isEmpty(), "nothing left half received");
    }

    private static void finish(Process storescu) throws InterruptedException {
        assertTrue(storescu.waitFor(300, TimeUnit.SECONDS), "storescu did not finish");
        assertEquals(0, storescu.exitValue(), "storescu failed: the node refused or lost a series");
    }
}
